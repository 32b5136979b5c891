import { randomUUID } from 'node:crypto';
import { EventPublisher } from '../src/outbox/event-publisher.service';
import { RoutingKey } from '../src/outbox/event-types';
import { OutboxPrunerService } from '../src/outbox/outbox-pruner.service';
import { OutboxWriter } from '../src/outbox/outbox-writer.service';
import { brokerBehindProxy, QueueWatcher } from './support/broker';
import { parsePrometheusText, valueOf } from './support/prometheus-text';
import { TcpProxy } from './support/tcp';
import { resetData, startTestApp, TestApp } from './support/test-app';
import { eventually } from './support/eventually';

interface OutboxRow {
  id: string;
  routing_key: string;
  payload: Record<string, unknown>;
  published_at: Date | null;
  attempts: number;
}

async function appendEvent(
  testApp: TestApp,
  storeId: string,
  routingKey: RoutingKey = 'order.created',
  data: object = { order_id: 1 },
): Promise<string> {
  const writer = testApp.app.get(OutboxWriter);
  const payload = await testApp.dataSource.transaction((manager) =>
    writer.append(manager, { routingKey, storeId, data }),
  );
  return payload.event_id;
}

async function outboxRow(testApp: TestApp, id: string): Promise<OutboxRow | undefined> {
  const rows: OutboxRow[] = await testApp.dataSource.query(
    `SELECT id, routing_key, payload, published_at, attempts FROM outbox_events WHERE id = $1`,
    [id],
  );
  return rows[0];
}

async function expectPublished(testApp: TestApp, eventId: string): Promise<void> {
  await eventually(async () =>
    expect((await outboxRow(testApp, eventId))?.published_at).toBeInstanceOf(Date),
  );
}

async function metric(testApp: TestApp, name: string, labels: Record<string, string> = {}) {
  const response = await testApp.app.inject({ method: 'GET', url: '/metrics' });
  return valueOf(parsePrometheusText(response.body), name, labels) ?? 0;
}

describe('Transactional outbox and relay', () => {
  let testApp: TestApp;
  let watcher: QueueWatcher;
  let proxy: TcpProxy;

  beforeAll(async () => {
    const broker = await brokerBehindProxy();
    proxy = broker.proxy;
    testApp = await startTestApp({
      RABBITMQ_URL: broker.url,
      OUTBOX_CONFIRM_TIMEOUT_MS: '60000',
      // No fallback poll within a test: every publish here is woken by NOTIFY (or a new channel).
      OUTBOX_POLL_INTERVAL_MS: '60000',
    });
    await eventually(() => expect(testApp.app.get(EventPublisher).isReady).toBe(true));
  });

  beforeEach(async () => {
    await resetData(testApp);
    watcher = await QueueWatcher.start('all-order-events-queue');
  });

  afterEach(async () => {
    proxy.release();
    proxy.restore();
    await watcher.stop();
  });

  afterAll(async () => {
    await testApp.close();
    await proxy.close();
  });

  it('writes exactly one outbox row inside the committing transaction', async () => {
    const storeId = randomUUID();
    const eventId = await appendEvent(testApp, storeId, 'order.status_changed', { status: 'x' });

    const rows: OutboxRow[] = await testApp.dataSource.query(
      `SELECT id, routing_key, payload FROM outbox_events`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].id).toBe(eventId);
    expect(rows[0].routing_key).toBe('order.status_changed');
    expect(rows[0].payload).toEqual({
      event_id: eventId,
      type: 'order.status_changed',
      occurred_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      store_id: storeId,
      data: { status: 'x' },
    });
  });

  it('leaves no outbox row when the transaction rolls back', async () => {
    const writer = testApp.app.get(OutboxWriter);
    await expect(
      testApp.dataSource.transaction(async (manager) => {
        await writer.append(manager, {
          routingKey: 'order.created',
          storeId: randomUUID(),
          data: {},
        });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');

    const [{ count }] = await testApp.dataSource.query(
      `SELECT count(*)::int AS count FROM outbox_events`,
    );
    expect(count).toBe(0);
  });

  it('publishes to the exchange as a persistent message with message_id = event_id', async () => {
    const storeId = randomUUID();
    const eventId = await appendEvent(testApp, storeId, 'order.created', { order_id: 7 });

    await eventually(() => expect(watcher.messages.length).toBeGreaterThan(0));
    const [message] = watcher.messages;
    expect(message.fields.exchange).toBe('table-order-events');
    expect(message.fields.routingKey).toBe('order.created');
    expect(message.properties.messageId).toBe(eventId);
    expect(message.properties.deliveryMode).toBe(2);
    expect(message.properties.contentType).toBe('application/json');
    expect(message.properties.type).toBe('order.created');
    expect(JSON.parse(message.content.toString())).toMatchObject({
      event_id: eventId,
      type: 'order.created',
      store_id: storeId,
      data: { order_id: 7 },
    });
    await eventually(async () =>
      expect(await outboxRow(testApp, eventId)).toMatchObject({
        published_at: expect.any(Date),
        attempts: 1,
      }),
    );
  });

  it('reports pending rows and counts published events in /metrics', async () => {
    const published = { routing_key: 'table_session.ended' };
    const before = await metric(testApp, 'events_published_total', published);
    proxy.hold();
    const eventId = await appendEvent(testApp, randomUUID(), 'table_session.ended');
    expect(await metric(testApp, 'outbox_pending_events')).toBe(1);
    // The row's age grows while the broker holds its confirm.
    await eventually(async () =>
      expect(await metric(testApp, 'outbox_oldest_pending_seconds')).toBeGreaterThanOrEqual(1),
    );
    expect(await metric(testApp, 'outbox_oldest_pending_seconds')).toBeLessThan(60);

    proxy.release();
    await expectPublished(testApp, eventId);
    expect(await metric(testApp, 'outbox_pending_events')).toBe(0);
    expect(await metric(testApp, 'outbox_oldest_pending_seconds')).toBe(0);
    expect(await metric(testApp, 'events_published_total', published)).toBe(before + 1);
  });

  it('publishes pending rows in position order', async () => {
    proxy.hold();
    const storeId = randomUUID();
    const ids: string[] = [];
    for (let index = 0; index < 20; index++) ids.push(await appendEvent(testApp, storeId));
    proxy.release();

    await eventually(() => expect(watcher.messages.length).toBeGreaterThanOrEqual(20));
    expect(watcher.messageIds().slice(0, 20)).toEqual(ids);
  });

  it('marks a row published only after the broker confirmed it', async () => {
    proxy.hold();
    const eventId = await appendEvent(testApp, randomUUID());

    // The relay has locked the row (xmax names its open transaction; reading it takes no lock)
    // and published into the held connection: no confirm can come back.
    await eventually(async () => {
      const [row] = await testApp.dataSource.query(
        `SELECT xmax::text <> '0' AS locked FROM outbox_events WHERE id = $1`,
        [eventId],
      );
      expect(row.locked).toBe(true);
      expect(proxy.held().toString('latin1')).toContain(eventId);
    });
    expect((await outboxRow(testApp, eventId))?.published_at).toBeNull();
    expect(watcher.messages).toHaveLength(0);

    proxy.release();
    await expectPublished(testApp, eventId);
    expect(watcher.messageIds()).toContain(eventId);
  });

  it('keeps rows pending while the broker is away and publishes them when it returns', async () => {
    proxy.cut();
    await eventually(() => expect(testApp.app.get(EventPublisher).isReady).toBe(false));
    const eventId = await appendEvent(testApp, randomUUID());
    // Not a wait for something to happen: a quiet spell in which the relay must not drop the row.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await outboxRow(testApp, eventId))?.published_at).toBeNull();

    proxy.restore();
    await eventually(() => expect(watcher.messageIds()).toContain(eventId), { timeout: 30_000 });
    await expectPublished(testApp, eventId);
  });

  it('shares the pending rows between two relays without publishing any twice', async () => {
    const second = await startTestApp();
    try {
      await eventually(() => expect(second.app.get(EventPublisher).isReady).toBe(true));
      const storeId = randomUUID();
      // Four writers at a time: the PostgreSQL server is shared, its connections are few.
      const written: string[] = [];
      for (let index = 0; index < 300; index += 4) {
        written.push(
          ...(await Promise.all(
            [0, 1, 2, 3].map((offset) =>
              appendEvent((index + offset) % 2 === 0 ? testApp : second, storeId),
            ),
          )),
        );
      }
      await eventually(async () =>
        expect(
          await testApp.dataSource.query(
            `SELECT id FROM outbox_events WHERE published_at IS NULL LIMIT 1`,
          ),
        ).toEqual([]),
      );
      await eventually(() =>
        expect(watcher.messages.length).toBeGreaterThanOrEqual(written.length),
      );
      expect(watcher.messageIds().sort()).toEqual([...written].sort());
    } finally {
      await second.close();
    }
  });

  it('re-LISTENs after its PostgreSQL connection is killed and wakes on the next commit', async () => {
    const listenerBackends = (): Promise<{ pid: number; listening: boolean }[]> =>
      testApp.dataSource.query(
        `SELECT pid, state = 'idle' AND query LIKE 'LISTEN %' AS listening FROM pg_stat_activity
         WHERE datname = current_database() AND application_name = 'table-order-api:outbox-listener'`,
      );
    const [before] = await listenerBackends();
    await testApp.dataSource.query(`SELECT pg_terminate_backend($1)`, [before.pid]);
    // A new connection that has run its LISTEN (and sits idle), not merely connected.
    await eventually(async () =>
      expect((await listenerBackends()).filter((backend) => backend.pid !== before.pid)).toEqual([
        expect.objectContaining({ listening: true }),
      ]),
    );

    const eventId = await appendEvent(testApp, randomUUID());
    await eventually(() => expect(watcher.messageIds()).toContain(eventId));
  });

  it('prunes published rows older than the retention, keeping recent and pending ones', async () => {
    proxy.cut();
    await eventually(() => expect(testApp.app.get(EventPublisher).isReady).toBe(false));
    const storeId = randomUUID();
    const oldPublished = await appendEvent(testApp, storeId);
    const recentPublished = await appendEvent(testApp, storeId);
    const oldPending = await appendEvent(testApp, storeId);
    await testApp.dataSource.query(
      `UPDATE outbox_events SET published_at = now() - interval '25 hours' WHERE id = $1`,
      [oldPublished],
    );
    await testApp.dataSource.query(
      `UPDATE outbox_events SET published_at = now() - interval '1 hour' WHERE id = $1`,
      [recentPublished],
    );
    await testApp.dataSource.query(
      `UPDATE outbox_events SET created_at = now() - interval '30 hours' WHERE id = $1`,
      [oldPending],
    );

    const deleted = await testApp.app.get(OutboxPrunerService).pruneOnce();

    expect(deleted).toBe(1);
    const remaining: { id: string }[] = await testApp.dataSource.query(
      `SELECT id FROM outbox_events ORDER BY position`,
    );
    expect(remaining.map((row) => row.id)).toEqual([recentPublished, oldPending]);
  });
});
