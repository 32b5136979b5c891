import { randomUUID } from 'node:crypto';
import { EventConsumer } from '../src/events/event-consumer.service';
import { EventPublisher } from '../src/events/event-publisher';
import { OutboxWriter } from '../src/events/outbox.writer';
import { brokerBehindProxy, QueueWatcher } from './support/broker';
import { adminToken, bearer, createStore } from './support/fixtures';
import { listenForStreams, SseReader } from './support/sse-reader';
import { TcpProxy } from './support/tcp';
import { resetData, startTestApp, TestApp } from './support/test-app';
import { waitFor } from './support/wait';

const EVENT_COUNT = 200;

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
    testApp = await startTestApp({ RABBITMQ_URL: broker.url });
    await waitFor(() => testApp.app.get(EventPublisher).isReady, 'the publish channel');
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
      await waitFor(() => !testApp.app.get(EventConsumer).isConsuming, 'the broker to go away');
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

  it('delivers every event written during the outage once the broker returns', async () => {
    proxy.cut();
    await waitFor(() => !testApp.app.get(EventPublisher).isReady, 'the broker to go away');

    const writer = testApp.app.get(OutboxWriter);
    const storeId = randomUUID();
    const written: string[] = [];
    for (let index = 0; index < EVENT_COUNT; index++) {
      const payload = await testApp.dataSource.transaction((manager) =>
        writer.append(manager, { routingKey: 'order.created', storeId, data: { index } }),
      );
      written.push(payload.event_id);
    }
    const health = await testApp.app.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(503);
    expect(health.json()).toMatchObject({ status: 'degraded', checks: { rabbitmq: 'down' } });

    proxy.restore();
    const missing = (): string[] => {
      const received = new Set(watcher.messageIds());
      return written.filter((id) => !received.has(id));
    };
    await waitFor(
      () => missing().length === 0,
      `all ${EVENT_COUNT} events on all-order-events-queue`,
      45_000,
    ).catch(() => undefined);
    expect(missing()).toEqual([]);
    // Messages reach the queue before the confirms do; the rows are marked right after.
    await waitFor(
      async () =>
        (
          await testApp.dataSource.query(
            `SELECT 1 FROM outbox_events WHERE published_at IS NULL LIMIT 1`,
          )
        ).length === 0,
      'every outbox row marked published',
    );
  });
});
