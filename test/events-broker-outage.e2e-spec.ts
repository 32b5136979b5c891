import { EventConsumer } from '../src/streams/event-consumer.service';
import { EventPublisher } from '../src/outbox/event-publisher.service';
import { OutboxWriter } from '../src/outbox/outbox-writer.service';
import { brokerBehindProxy, QueueWatcher } from './support/broker';
import { adminToken, bearer, createStore, tableToken } from './support/fixtures';
import { createMenus, ORDERING_ENV, placeOrder } from './support/ordering';
import { listenForStreams, SseReader } from './support/sse-reader';
import { TcpProxy } from './support/tcp';
import { resetData, startTestApp, TestApp } from './support/test-app';
import { eventually } from './support/eventually';

const ORDER_COUNT = 200;

/**
 * The issue asks for `rabbitmqctl stop_app` while orders are placed; the broker is shared with
 * other suites, so a TCP proxy in front of it is cut instead: the app sees its connection drop
 * and new connections refused, exactly as when the broker stops.
 */
describe('Events while the broker is away', () => {
  let testApp: TestApp;
  let watcher: QueueWatcher;
  let proxy: TcpProxy;

  beforeAll(async () => {
    const broker = await brokerBehindProxy();
    proxy = broker.proxy;
    testApp = await startTestApp({ ...ORDERING_ENV, RABBITMQ_URL: broker.url });
    await eventually(() => expect(testApp.app.get(EventPublisher).isReady).toBe(true));
    await resetData(testApp);
    watcher = await QueueWatcher.start('all-order-events-queue');
  });

  afterAll(async () => {
    await watcher.stop();
    await testApp.close();
    await proxy.close();
  });

  it('asks open dashboards to reconnect after an outage and replays what they missed', async () => {
    const port = await listenForStreams(testApp);
    const store = await createStore(testApp.dataSource, 'outage-sse');
    const token = await adminToken(testApp.app, store);
    const writer = testApp.app.get(OutboxWriter);
    const append = (index: number) =>
      testApp.dataSource.transaction((manager) =>
        writer.append(manager, {
          routingKey: 'order.created',
          storeId: store.storeId,
          data: { index },
        }),
      );

    const stream = await SseReader.open(port, '/api/admin/orders/stream', bearer(token));
    const missed: string[] = [];
    const before = await append(-1);
    try {
      await stream.nextFrame(
        (frame) => frame.id === before.event_id,
        'the event before the outage',
      );

      proxy.cut();
      await eventually(() => expect(testApp.app.get(EventConsumer).isConsuming).toBe(false));
      for (let index = 0; index < 20; index++) missed.push((await append(index)).event_id);
      proxy.restore();

      await stream.waitForEnd(30_000);
      expect(stream.frames[stream.frames.length - 1].retry).toBeGreaterThanOrEqual(1000);
    } finally {
      stream.close();
    }

    // A dashboard that last saw `before` (some of the missed events may have reached it live
    // just before it was asked to reconnect: its replay simply repeats them).
    const resumed = await SseReader.open(port, '/api/admin/orders/stream', {
      ...bearer(token),
      'last-event-id': before.event_id,
    });
    try {
      await resumed.nextFrame((frame) => frame.id === missed[missed.length - 1], 'the replay');
      expect(resumed.events.slice(1).map((frame) => frame.id)).toEqual(missed);
    } finally {
      resumed.close();
    }
  });

  it('accepts 200 orders while the broker is away and delivers every order.created when it returns', async () => {
    const store = await createStore(testApp.dataSource, 'outage-orders');
    const [menu] = await createMenus(testApp.dataSource, store.storeId, [
      { name: 'Naengmyeon', price: 11000 },
    ]);
    const table = await tableToken(testApp.app, store);
    proxy.cut();
    await eventually(() => expect(testApp.app.get(EventPublisher).isReady).toBe(false));

    const orderIds: number[] = [];
    for (let index = 0; index < ORDER_COUNT; index++) {
      const response = await placeOrder(testApp.app, table, [[menu, 1 + (index % 3)]]);
      expect(response.statusCode).toBe(201);
      orderIds.push(response.json().id);
    }
    const health = await testApp.app.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(503);
    expect(health.json()).toMatchObject({ status: 'degraded', checks: { rabbitmq: 'down' } });
    const written: { id: string }[] = await testApp.dataSource.query(
      `SELECT id FROM outbox_events WHERE store_id = $1 AND routing_key = 'order.created'`,
      [store.storeId],
    );
    expect(written).toHaveLength(ORDER_COUNT);

    proxy.restore();
    const missing = (): number[] => {
      const received = new Set(
        watcher.messages.map((message) => JSON.parse(message.content.toString()).data.id),
      );
      return orderIds.filter((id) => !received.has(id));
    };
    await eventually(() => expect(missing()).toEqual([]), { timeout: 45_000 });
    // Each message carries its event id; every event written is among them (once or more).
    const messageIds = new Set(watcher.messageIds());
    expect(written.filter((row) => !messageIds.has(row.id))).toEqual([]);
    // Messages reach the queue before the confirms do; the rows are marked right after.
    await eventually(async () =>
      expect(
        await testApp.dataSource.query(
          `SELECT id FROM outbox_events WHERE published_at IS NULL LIMIT 1`,
        ),
      ).toEqual([]),
    );
  });
});
