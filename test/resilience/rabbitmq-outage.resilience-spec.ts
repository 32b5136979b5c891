import { connect } from 'amqplib';
import { EVENTS_EXCHANGE, declareTopology } from '../../src/infrastructure/rabbitmq/topology';
import { eventually } from '../support/eventually';
import { bearer } from '../support/fixtures';
import { createOrderingStore } from './ordering-store';
import { TestApp, resetData, startTestApp, waitForBroker } from '../support/test-app';
import { runLoad, statusCounts } from './load';
import { SMALL_POOL } from './pool';
import { PrivateRabbitMq } from './private-rabbitmq';

const OUTAGE_MS = Number(process.env.RESILIENCE_OUTAGE_SECONDS ?? 20) * 1000;
const TABLES = 5;
/** The suite's own witness of what reached the exchange: durable, bound to every routing key. */
const AUDIT_QUEUE = 'resilience-audit-queue';

/**
 * A private RabbitMQ node killed for real for 20 s under 50 orders/s: every order is accepted
 * (the outbox holds its events), and once the node is back every event written meanwhile reaches
 * the exchange, counted on a durable audit queue that survived the kill.
 */
describe('RabbitMQ stopped under load', () => {
  let broker: PrivateRabbitMq;
  let testApp: TestApp;
  let tokens: string[];
  let menuId: number;

  beforeAll(async () => {
    broker = await PrivateRabbitMq.create();
    await broker.start();
    testApp = await startTestApp({ ...SMALL_POOL, RABBITMQ_URL: broker.url });
    await resetData(testApp);
    await waitForBroker(testApp);
    // Bound after the reset: events an earlier run left in the outbox may reach the exchange
    // before it, and are not this run's.
    const connection = await connect(broker.url);
    const channel = await connection.createChannel();
    await declareTopology(channel);
    await channel.assertQueue(AUDIT_QUEUE, { durable: true });
    await channel.bindQueue(AUDIT_QUEUE, EVENTS_EXCHANGE, '#');
    await connection.close();
    ({ menuId, tokens } = await createOrderingStore(testApp, 'resil-rabbit', TABLES));
  }, 180_000);

  afterAll(async () => {
    await testApp?.close();
    await broker?.remove();
  }, 60_000);

  async function pendingEvents(): Promise<number> {
    const [{ count }] = await testApp.dataSource.query(
      `SELECT count(*)::int AS count FROM outbox_events WHERE published_at IS NULL`,
    );
    return count;
  }

  /** Every message id on the audit queue, read off the queue without acknowledging. */
  async function auditedEventIds(): Promise<Set<string>> {
    const connection = await connect(broker.url);
    try {
      const channel = await connection.createChannel();
      const ids = new Set<string>();
      for (;;) {
        const message = await channel.get(AUDIT_QUEUE, { noAck: false });
        if (message === false) return ids;
        ids.add(String(message.properties.messageId));
      }
    } finally {
      await connection.close();
    }
  }

  it('accepts every order while the broker is down and delivers every event afterwards', async () => {
    let sent = 0;
    const kinds = {
      order: {
        perSecond: 50,
        request: () => ({
          method: 'POST' as const,
          url: '/api/orders',
          headers: bearer(tokens[sent++ % TABLES]),
          payload: { items: [{ menu_id: menuId, quantity: 1 }] },
        }),
      },
    };
    const before = await runLoad(testApp.app, 2_000, kinds);
    await broker.stop();
    let during;
    let heldBack: number;
    try {
      during = await runLoad(testApp.app, OUTAGE_MS, kinds);
      heldBack = await pendingEvents();
    } finally {
      await broker.start();
    }
    const after = await runLoad(testApp.app, 3_000, kinds);
    const answers = [...before, ...during, ...after];
    expect(statusCounts(answers.filter((a) => a.status >= 300))).toEqual({});
    expect(during.length).toBeGreaterThanOrEqual((OUTAGE_MS / 1000) * 45);
    // The events of the orders placed during the outage waited in the outbox.
    expect(heldBack).toBeGreaterThanOrEqual(during.length);

    await eventually(async () => expect(await pendingEvents()).toBe(0), { timeout: 60_000 });
    const written: { id: string }[] = await testApp.dataSource.query(
      `SELECT id FROM outbox_events`,
    );
    expect(written.length).toBeGreaterThanOrEqual(answers.length);
    // Each event at least once (a batch confirmed just before the kill is published again).
    const audited = await auditedEventIds();
    expect([...audited].sort()).toEqual(written.map(({ id }) => id).sort());
  }, 240_000);
});
