import { connect } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { EventPayload, RoutingKey } from '../src/outbox/event-types';
import { OutboxWriter } from '../src/outbox/outbox-writer.service';
import { RedisService } from '../src/infrastructure/redis/redis.service';
import { adminToken, bearer, createStore, StoreFixture, tableToken } from './support/fixtures';
import { parsePrometheusText, valueOf } from './support/prometheus-text';
import { createMenus, MenuFixture, ORDERING_ENV, placeOrder } from './support/ordering';
import { listenForStreams, SseReader } from './support/sse-reader';
import { resetData, startTestApp, TestApp } from './support/test-app';
import { testRabbitMqUrl } from './support/test-config';
import { eventually } from './support/eventually';

const STREAM = '/api/admin/orders/stream';

async function appendEvent(
  testApp: TestApp,
  storeId: string,
  routingKey: RoutingKey = 'order.created',
): Promise<EventPayload> {
  const writer = testApp.app.get(OutboxWriter);
  return testApp.dataSource.transaction((manager) =>
    writer.append(manager, {
      routingKey,
      storeId,
      data: { order_id: Math.floor(Math.random() * 1e6) },
    }),
  );
}

function parseData(data: string | undefined): unknown {
  return JSON.parse(data ?? 'null');
}

describe('Admin order stream (SSE) across two instances', () => {
  let instanceA: TestApp;
  let instanceB: TestApp;
  let portA: number;
  let storeA: StoreFixture;
  let storeB: StoreFixture;
  let tokenA: string;
  let tokenB: string;
  let tableTokenA: string;
  let menu: MenuFixture;
  const readers: SseReader[] = [];

  async function openStream(
    port: number,
    path = STREAM,
    headers: Record<string, string> = {},
  ): Promise<SseReader> {
    const reader = await SseReader.open(port, path, headers);
    readers.push(reader);
    return reader;
  }

  /**
   * Writes events and waits until instance A has fanned all of them out live, so a stream
   * opened afterwards can only see them through the replay.
   */
  async function writeSettled(
    writes: Array<[storeId: string, routingKey?: RoutingKey]>,
  ): Promise<EventPayload[]> {
    const observers = new Map<string, SseReader>();
    for (const [storeId] of writes) {
      if (observers.has(storeId)) continue;
      const token = storeId === storeA.storeId ? tokenA : tokenB;
      const observer = await openStream(portA, STREAM, bearer(token));
      await observer.nextFrame((frame) => frame.event === 'snapshot', 'the snapshot');
      observers.set(storeId, observer);
    }
    const written: EventPayload[] = [];
    for (const [storeId, routingKey] of writes) {
      written.push(await appendEvent(instanceA, storeId, routingKey));
    }
    for (const event of written) {
      await observers
        .get(event.store_id)!
        .nextFrame((frame) => frame.id === event.event_id, 'the event live');
    }
    for (const observer of observers.values()) observer.close();
    return written;
  }

  beforeAll(async () => {
    instanceA = await startTestApp({ ...ORDERING_ENV, SSE_HEARTBEAT_MS: '300' });
    instanceB = await startTestApp({ ...ORDERING_ENV, STREAM_TICKET_TTL_SECONDS: '1' });
    portA = await listenForStreams(instanceA);
    await listenForStreams(instanceB);
    await resetData(instanceA);
    storeA = await createStore(instanceA.dataSource, 'stream-a');
    storeB = await createStore(instanceA.dataSource, 'stream-b');
    tokenA = await adminToken(instanceA.app, storeA);
    tokenB = await adminToken(instanceA.app, storeB);
    tableTokenA = await tableToken(instanceB.app, storeA);
    [menu] = await createMenus(instanceA.dataSource, storeA.storeId, [
      { name: 'Bibimbap', price: 9000 },
    ]);
  });

  afterEach(() => {
    for (const reader of readers.splice(0)) reader.close();
  });

  afterAll(async () => {
    await instanceA.close();
    await instanceB.close();
  });

  it('refuses a stream without credentials', async () => {
    const response = await instanceA.app.inject({ method: 'GET', url: STREAM });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('AUTHENTICATION_REQUIRED');
  });

  it('refuses a JWT passed in the URL', async () => {
    const response = await instanceA.app.inject({
      method: 'GET',
      url: `${STREAM}?access_token=${tokenA}`,
    });
    expect(response.statusCode).toBe(401);
  });

  it('refuses tables', async () => {
    const token = await tableToken(instanceA.app, storeA);
    const stream = await instanceA.app.inject({
      method: 'GET',
      url: STREAM,
      headers: bearer(token),
    });
    expect(stream.statusCode).toBe(403);
    const ticket = await instanceA.app.inject({
      method: 'POST',
      url: `${STREAM}-ticket`,
      headers: bearer(token),
    });
    expect(ticket.statusCode).toBe(403);
  });

  it('opens with SSE headers and a snapshot of the active orders', async () => {
    // An order placed (and fanned out) before the stream opens is in its snapshot.
    const observer = await openStream(portA, STREAM, bearer(tokenA));
    await observer.nextFrame((frame) => frame.event === 'snapshot', 'the snapshot');
    const order = (await placeOrder(instanceB.app, tableTokenA, [[menu, 2]])).json();
    await observer.nextFrame((frame) => frame.event === 'order.created', 'the order live');

    const reader = await openStream(portA, STREAM, {
      ...bearer(tokenA),
      'x-request-id': 'stream-req-1',
      origin: 'http://localhost:3001',
    });
    expect(reader.status).toBe(200);
    // Headers hooks set on the reply survive the hijack: CORS, security headers, request id.
    expect(reader.headers['access-control-allow-origin']).toBe('http://localhost:3001');
    expect(reader.headers['access-control-allow-credentials']).toBe('true');
    expect(reader.headers['x-content-type-options']).toBe('nosniff');
    expect(reader.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(reader.headers['cache-control']).toBe('no-cache');
    expect(reader.headers['x-accel-buffering']).toBe('no');
    expect(reader.headers['x-request-id']).toBe('stream-req-1');

    const first = await reader.nextFrame((frame) => frame.data !== undefined, 'the snapshot');
    expect(first.event).toBe('snapshot');
    expect(reader.events[0]).toBe(first);
    const activeOrders = await instanceA.app.inject({
      method: 'GET',
      url: '/api/admin/orders',
      headers: bearer(tokenA),
    });
    expect(parseData(first.data)).toEqual({ orders: activeOrders.json() });
    expect(activeOrders.json().map((listed: { id: number }) => listed.id)).toContain(order.id);
  });

  it('sends a heartbeat comment', async () => {
    const reader = await openStream(portA, STREAM, bearer(tokenA));
    const ping = await reader.nextFrame((frame) => frame.comments.includes('ping'), 'a heartbeat');
    expect(ping.data).toBeUndefined();
  });

  it('streams the order changes made through instance B to an admin on instance A', async () => {
    const reader = await openStream(portA, STREAM, bearer(tokenA));
    await reader.nextFrame((frame) => frame.event === 'snapshot', 'the snapshot');
    const asAdmin = { headers: bearer(tokenA) };
    const eventFor = (routingKey: string, orderId: number) =>
      reader.nextFrame((frame) => {
        if (frame.event !== routingKey) return false;
        const { data } = parseData(frame.data) as EventPayload<{ id?: number; order_id?: number }>;
        return (data.id ?? data.order_id) === orderId;
      }, routingKey);

    const placed = await placeOrder(instanceB.app, tableTokenA, [[menu, 1]]);
    expect(placed.statusCode).toBe(201);
    const order = placed.json();
    const created = await eventFor('order.created', order.id);
    const createdPayload = parseData(created.data) as EventPayload;
    expect(created.id).toBe(createdPayload.event_id);
    expect(createdPayload).toMatchObject({ type: 'order.created', store_id: storeA.storeId });
    expect(createdPayload.data).toMatchObject({ ...order, table_id: storeA.tables[0].id });

    const preparing = await instanceB.app.inject({
      method: 'PATCH',
      url: `/api/admin/orders/${order.id}/status`,
      payload: { status: 'preparing' },
      ...asAdmin,
    });
    expect(preparing.statusCode).toBe(200);
    const changed = parseData((await eventFor('order.status_changed', order.id)).data);
    expect(changed).toMatchObject({ data: { old_status: 'pending', new_status: 'preparing' } });

    const deleted = await instanceB.app.inject({
      method: 'DELETE',
      url: `/api/admin/orders/${order.id}`,
      ...asAdmin,
    });
    expect(deleted.statusCode).toBe(204);
    await eventFor('order.deleted', order.id);

    const ended = await instanceB.app.inject({
      method: 'POST',
      url: `/api/admin/tables/${storeA.tables[0].id}/end-session`,
      ...asAdmin,
    });
    expect(ended.statusCode).toBe(200);
    const sessionEnded = await reader.nextFrame(
      (frame) => frame.event === 'table_session.ended',
      'table_session.ended',
    );
    expect(parseData(sessionEnded.data)).toMatchObject({
      data: { session_id: ended.json().session_id, table_id: storeA.tables[0].id },
    });
  });

  it("never sends one store's events to another store's admin", async () => {
    const readerA = await openStream(portA, STREAM, bearer(tokenA));
    const readerB = await openStream(portA, STREAM, bearer(tokenB));
    await readerA.nextFrame((frame) => frame.event === 'snapshot', 'snapshot A');
    await readerB.nextFrame((frame) => frame.event === 'snapshot', 'snapshot B');

    const eventOfA = await appendEvent(instanceB, storeA.storeId);
    await readerA.nextFrame((frame) => frame.id === eventOfA.event_id, "store A's event");
    // Both streams are fed by the same fan-out: had store B's admin been sent A's event, it
    // would arrive before B's own next event.
    const eventOfB = await appendEvent(instanceB, storeB.storeId, 'order.status_changed');
    await readerB.nextFrame((frame) => frame.id === eventOfB.event_id, "store B's event");

    expect(readerB.events.map((frame) => frame.event)).toEqual([
      'snapshot',
      'order.status_changed',
    ]);
    expect(readerA.events.map((frame) => frame.id)).not.toContain(eventOfB.event_id);
  });

  it('drops a redelivered event (same event_id)', async () => {
    const reader = await openStream(portA, STREAM, bearer(tokenA));
    await reader.nextFrame((frame) => frame.event === 'snapshot', 'the snapshot');

    const duplicate: EventPayload = {
      event_id: randomUUID(),
      type: 'order.deleted',
      occurred_at: new Date().toISOString(),
      store_id: storeA.storeId,
      data: { order_id: 1 },
    };
    const marker = { ...duplicate, event_id: randomUUID() };
    const connection = await connect(testRabbitMqUrl());
    try {
      const channel = await connection.createConfirmChannel();
      for (const event of [duplicate, duplicate, marker]) {
        channel.publish('table-order-events', event.type, Buffer.from(JSON.stringify(event)), {
          messageId: event.event_id,
        });
      }
      await channel.waitForConfirms();
    } finally {
      await connection.close();
    }

    await reader.nextFrame((frame) => frame.id === marker.event_id, 'the marker event');
    expect(reader.events.filter((frame) => frame.id === duplicate.event_id)).toHaveLength(1);
  });

  it('replays the events after Last-Event-ID, then goes live', async () => {
    const [first, second, , third] = await writeSettled([
      [storeA.storeId],
      [storeA.storeId, 'order.status_changed'],
      [storeB.storeId],
      [storeA.storeId, 'order.deleted'],
    ]);

    const reader = await openStream(portA, STREAM, {
      ...bearer(tokenA),
      'last-event-id': first.event_id,
    });
    await reader.nextFrame((frame) => frame.id === third.event_id, 'the replayed events');
    const live = await appendEvent(instanceB, storeA.storeId);
    await reader.nextFrame((frame) => frame.id === live.event_id, 'the live event');

    expect(reader.events.map((frame) => frame.event ?? '')).toEqual([
      'snapshot',
      'order.status_changed',
      'order.deleted',
      'order.created',
    ]);
    expect(reader.events.slice(1).map((frame) => frame.id)).toEqual([
      second.event_id,
      third.event_id,
      live.event_id,
    ]);
  });

  it('accepts last_event_id as a query parameter and ignores an unknown id', async () => {
    const [first, second] = await writeSettled([[storeA.storeId], [storeA.storeId]]);

    const resumed = await openStream(
      portA,
      `${STREAM}?last_event_id=${first.event_id}`,
      bearer(tokenA),
    );
    await resumed.nextFrame((frame) => frame.id === second.event_id, 'the replayed event');

    const unknown = await openStream(
      portA,
      `${STREAM}?last_event_id=${randomUUID()}`,
      bearer(tokenA),
    );
    await unknown.nextFrame((frame) => frame.event === 'snapshot', 'the snapshot');
    const live = await appendEvent(instanceA, storeA.storeId);
    await unknown.nextFrame((frame) => frame.id === live.event_id, 'the live event');
    expect(unknown.events.map((frame) => frame.id ?? frame.event)).toEqual([
      'snapshot',
      live.event_id,
    ]);
  });

  it('opens a stream with a single-use ticket issued by another instance', async () => {
    const issued = await instanceB.app.inject({
      method: 'POST',
      url: `${STREAM}-ticket`,
      headers: bearer(tokenA),
    });
    expect(issued.statusCode).toBe(200);
    const { ticket, expires_in: expiresIn } = issued.json();
    expect(ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(expiresIn).toBe(1);

    const redis = instanceA.app.get(RedisService).client;
    expect(await redis.exists(`stream_ticket:${ticket}`)).toBe(1);

    const reader = await openStream(portA, `${STREAM}?ticket=${ticket}`);
    expect(reader.status).toBe(200);
    await reader.nextFrame((frame) => frame.event === 'snapshot', 'the snapshot');
    expect(await redis.exists(`stream_ticket:${ticket}`)).toBe(0);

    const reused = await instanceA.app.inject({ method: 'GET', url: `${STREAM}?ticket=${ticket}` });
    expect(reused.statusCode).toBe(401);
    expect(reused.json().error.code).toBe('INVALID_TOKEN');
  });

  it('issues 30-second tickets by default and refuses an expired one', async () => {
    const issued = await instanceA.app.inject({
      method: 'POST',
      url: `${STREAM}-ticket`,
      headers: bearer(tokenA),
    });
    expect(issued.json().expires_in).toBe(30);
    const ttl = await instanceA.app
      .get(RedisService)
      .client.ttl(`stream_ticket:${issued.json().ticket}`);
    expect(ttl).toBeGreaterThan(25);
    expect(ttl).toBeLessThanOrEqual(30);

    const shortLived = await instanceB.app.inject({
      method: 'POST',
      url: `${STREAM}-ticket`,
      headers: bearer(tokenA),
    });
    const redis = instanceA.app.get(RedisService).client;
    const shortLivedKey = `stream_ticket:${shortLived.json().ticket}`;
    expect(await redis.exists(shortLivedKey)).toBe(1);
    // Its one-second lifetime has run out once Redis has let the key go.
    await eventually(async () => expect(await redis.exists(shortLivedKey)).toBe(0), {
      timeout: 5000,
    });
    const expired = await instanceA.app.inject({
      method: 'GET',
      url: `${STREAM}?ticket=${shortLived.json().ticket}`,
    });
    expect(expired.statusCode).toBe(401);
  });

  it('counts the connected streams in sse_clients_connected', async () => {
    const connected = async (): Promise<number | undefined> => {
      const response = await instanceA.app.inject({ method: 'GET', url: '/metrics' });
      return valueOf(parsePrometheusText(response.body), 'sse_clients_connected');
    };
    await eventually(async () => expect(await connected()).toBe(0)); // none left from earlier tests

    const first = await openStream(portA, STREAM, bearer(tokenA));
    const second = await openStream(portA, STREAM, bearer(tokenB));
    await first.nextFrame((frame) => frame.event === 'snapshot', 'snapshot 1');
    await second.nextFrame((frame) => frame.event === 'snapshot', 'snapshot 2');
    expect(await connected()).toBe(2);

    first.close();
    await eventually(async () => expect(await connected()).toBe(1)); // the closed one uncounted
  });

  it('tells streams to reconnect and closes them when the instance shuts down', async () => {
    const instanceC = await startTestApp();
    let closed = false;
    try {
      const portC = await listenForStreams(instanceC);
      const reader = await openStream(portC, STREAM, bearer(tokenA));
      await reader.nextFrame((frame) => frame.event === 'snapshot', 'the snapshot');

      await instanceC.close();
      closed = true;

      await reader.waitForEnd();
      const last = reader.frames[reader.frames.length - 1];
      expect(last.retry).toBeGreaterThanOrEqual(1000);
    } finally {
      if (!closed) await instanceC.close();
    }
  });
});
