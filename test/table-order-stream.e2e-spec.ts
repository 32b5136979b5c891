import { isDeepStrictEqual } from 'node:util';
import { adminToken, bearer, createStore, StoreFixture, tableToken } from './support/fixtures';
import { createMenus, MenuFixture, ORDERING_ENV, placeOrder } from './support/ordering';
import { listenForStreams, SseFrame, SseReader } from './support/sse-reader';
import { resetData, startTestApp, TestApp } from './support/test-app';

const STREAM = '/api/orders/stream';
const TICKET = '/api/orders/stream-ticket';

interface Payload {
  event_id: string;
  type: string;
  occurred_at: string;
  store_id: string;
  data: Record<string, unknown> & { table_id?: number; id?: number; order_id?: number };
}

const payloadOf = (frame: SseFrame): Payload => JSON.parse(frame.data ?? 'null');

/**
 * The tablet's stream (docs/decisions.md, 'The tablet's stream') on the admin stream's machinery: a
 * snapshot of its session, then only what concerns its table and its store's menu, from any
 * instance.
 */
describe('Table order stream (SSE)', () => {
  let a: TestApp;
  let b: TestApp;
  let portA: number;
  let portB: number;
  let alpha: StoreFixture;
  let beta: StoreFixture;
  let admin: string;
  let betaAdmin: string;
  let table1: string;
  let table2: string;
  let betaTable: string;
  let menus: MenuFixture[];
  let betaMenus: MenuFixture[];
  const readers: SseReader[] = [];

  async function open(port: number, headers: Record<string, string>, path = STREAM) {
    const reader = await SseReader.open(port, path, headers);
    readers.push(reader);
    return reader;
  }
  async function opened(port: number, token: string): Promise<SseReader> {
    const reader = await open(port, bearer(token));
    expect(reader.status).toBe(200);
    await reader.nextFrame((frame) => frame.event === 'snapshot', 'the snapshot');
    return reader;
  }
  const withEvent = (
    reader: SseReader,
    type: string,
    where: (payload: Payload) => boolean = () => true,
  ) => reader.nextFrame((frame) => frame.event === type && where(payloadOf(frame)), type);
  /** The next `snapshot` after the one the stream opened with. */
  const snapshotAfterFirst = (reader: SseReader) =>
    reader.nextFrame(
      (frame) => frame.event === 'snapshot' && reader.events.indexOf(frame) > 0,
      'a fresh snapshot',
    );
  const typesOf = (reader: SseReader) => reader.events.map((frame) => frame.event);
  const as = (
    app: TestApp,
    method: 'POST' | 'PATCH' | 'DELETE' | 'GET',
    url: string,
    token: string,
    payload?: object,
  ) => app.app.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    a = await startTestApp({ ...ORDERING_ENV, SSE_HEARTBEAT_MS: '300' });
    b = await startTestApp(ORDERING_ENV);
    portA = await listenForStreams(a);
    portB = await listenForStreams(b);
  });
  beforeEach(async () => {
    await resetData(a);
    alpha = await createStore(a.dataSource, 'tablet-a', { tableCount: 2 });
    beta = await createStore(a.dataSource, 'tablet-b', { tableCount: 1 });
    admin = await adminToken(a.app, alpha);
    betaAdmin = await adminToken(a.app, beta);
    table1 = await tableToken(a.app, alpha, 0);
    table2 = await tableToken(a.app, alpha, 1);
    betaTable = await tableToken(a.app, beta, 0);
    menus = await createMenus(a.dataSource, alpha.storeId, [
      { name: 'Bibimbap', price: 9000 },
      { name: 'Cola', price: 2000 },
    ]);
    betaMenus = await createMenus(a.dataSource, beta.storeId, [{ name: 'Soup', price: 7000 }]);
  });
  afterEach(() => {
    for (const reader of readers.splice(0)) reader.close();
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('is for tables only, and needs a credential', async () => {
    expect((await a.app.inject({ method: 'GET', url: STREAM })).statusCode).toBe(401);
    expect((await as(a, 'GET', STREAM, admin)).statusCode).toBe(403);
    expect((await as(a, 'POST', TICKET, admin)).statusCode).toBe(403);
    expect((await as(a, 'POST', '/api/admin/orders/stream-ticket', table1)).statusCode).toBe(403);
  });

  it('opens with a snapshot of the current session’s orders, then a heartbeat', async () => {
    const first = (await placeOrder(b.app, table1, [[menus[0], 2]])).json();
    await placeOrder(b.app, table2, [[menus[1], 1]]);
    const reader = await open(portA, bearer(table1));
    expect(reader.status).toBe(200);
    expect(reader.headers['content-type']).toMatch(/^text\/event-stream/);
    const snapshot = await reader.nextFrame((frame) => frame.data !== undefined, 'the snapshot');
    expect(snapshot.event).toBe('snapshot');
    const listed = (await as(a, 'GET', '/api/orders', table1)).json();
    expect(JSON.parse(snapshot.data!)).toEqual({ orders: listed });
    expect(listed.map((order: { id: number }) => order.id)).toEqual([first.id]);
    await reader.nextFrame((frame) => frame.comments.includes('ping'), 'a heartbeat');
  });

  it('sends a table its own order events from any instance, never another table’s or store’s', async () => {
    // Every tablet of the table gets them: two on one instance, one on another.
    const mine = await opened(portA, table1);
    const mineAgain = await opened(portA, await tableToken(a.app, alpha, 0));
    const mineOnB = await opened(portB, table1);
    const neighbour = await opened(portA, table2);
    const otherStore = await opened(portA, betaTable);

    const order = (await placeOrder(b.app, table1, [[menus[0], 1]])).json();
    await as(b, 'PATCH', `/api/admin/orders/${order.id}/status`, admin, { status: 'preparing' });
    await as(a, 'DELETE', `/api/admin/orders/${order.id}`, admin);
    for (const reader of [mine, mineAgain, mineOnB]) {
      const created = await withEvent(reader, 'order.created', (p) => p.data.id === order.id);
      expect(payloadOf(created).data).toMatchObject({
        id: order.id,
        table_id: alpha.tables[0].id,
        placed_by: 'table',
      });
      await withEvent(reader, 'order.status_changed', (p) => p.data.order_id === order.id);
      await withEvent(reader, 'order.deleted', (p) => p.data.order_id === order.id);
    }

    // An order staff place for the table reaches its tablets too.
    const byStaff = await as(b, 'POST', `/api/admin/tables/${alpha.tables[0].id}/orders`, admin, {
      items: [{ menu_id: menus[1].id, quantity: 1 }],
    });
    expect(byStaff.statusCode).toBe(201);
    for (const reader of [mine, mineAgain, mineOnB]) {
      const created = await withEvent(
        reader,
        'order.created',
        (p) => p.data.id === byStaff.json().id,
      );
      expect(payloadOf(created).data).toMatchObject({ placed_by: 'staff' });
    }

    // Markers: each other stream's own next event arrives, so anything before it would have too.
    const theirs = (await placeOrder(a.app, table2, [[menus[1], 1]])).json();
    await withEvent(neighbour, 'order.created', (p) => p.data.id === theirs.id);
    const betaOrder = (await placeOrder(a.app, betaTable, [[betaMenus[0], 1]])).json();
    await withEvent(otherStore, 'order.created', (p) => p.data.id === betaOrder.id);
    expect(typesOf(neighbour)).toEqual(['snapshot', 'order.created']);
    expect(typesOf(otherStore)).toEqual(['snapshot', 'order.created']);
    // …and the marker of table 2 never reached table 1.
    const lastOfMine = (await placeOrder(a.app, table1, [[menus[1], 1]])).json();
    await withEvent(mine, 'order.created', (p) => p.data.id === lastOfMine.id);
    expect(
      mine.events
        .filter((frame) => frame.event !== 'snapshot')
        .map((frame) => payloadOf(frame).data.table_id ?? payloadOf(frame).data.order_id),
    ).not.toContain(alpha.tables[1].id);
    expect(
      mine.events.every(
        (frame) => frame.event === 'snapshot' || payloadOf(frame).store_id === alpha.storeId,
      ),
    ).toBe(true);
    expect(
      mine.events.some(
        (frame) => frame.event === 'order.created' && payloadOf(frame).data.id === theirs.id,
      ),
    ).toBe(false);
  });

  it('sends menu.changed for a sold-out toggle on another instance within 2 s, to its store only', async () => {
    const tablet = await opened(portA, table1);
    const otherStore = await opened(portA, betaTable);
    const started = Date.now();
    const toggled = await as(b, 'PATCH', `/api/admin/menu/items/${menus[0].id}`, admin, {
      is_available: false,
    });
    expect(toggled.statusCode).toBe(200);
    const frame = await tablet.nextFrame((f) => f.event === 'menu.changed', 'menu.changed', 2000);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(payloadOf(frame)).toMatchObject({
      type: 'menu.changed',
      store_id: alpha.storeId,
      data: { entity: 'menu_item', ids: [menus[0].id] },
    });
    // Beta's own menu change is the marker: alpha's never reached beta.
    await as(a, 'PATCH', `/api/admin/menu/items/${betaMenus[0].id}`, betaAdmin, { price: 7500 });
    await withEvent(otherStore, 'menu.changed');
    expect(
      otherStore.events.filter((f) => f.event === 'menu.changed').map((f) => payloadOf(f).store_id),
    ).toEqual([beta.storeId]);
  });

  it('sends menu.changed when a sold_out_until passes, announced once across the instances', async () => {
    const tablet = await opened(portA, table1);
    const tabletOnB = await opened(portB, table1);
    const until = new Date(Date.now() + 1500);
    const set = await as(b, 'PATCH', `/api/admin/menu/items/${menus[0].id}`, admin, {
      sold_out_until: until.toISOString(),
    });
    expect(set.statusCode).toBe(200);
    for (const reader of [tablet, tabletOnB]) {
      await withEvent(reader, 'menu.changed', (p) => Date.parse(p.occurred_at) < until.getTime());
      const passed = await withEvent(
        reader,
        'menu.changed',
        (p) => Date.parse(p.occurred_at) >= until.getTime(),
      );
      expect(payloadOf(passed).data).toEqual({ entity: 'menu_item', ids: [menus[0].id] });
      expect(Date.parse(payloadOf(passed).occurred_at) - until.getTime()).toBeLessThan(2000);
    }
    // Both instances woke for it and one claimed it: after a later change (the marker), each
    // tablet still holds the passing once.
    await as(a, 'PATCH', `/api/admin/menu/items/${menus[1].id}`, admin, { price: 2500 });
    for (const reader of [tablet, tabletOnB]) {
      await withEvent(reader, 'menu.changed', (p) => isDeepStrictEqual(p.data.ids, [menus[1].id]));
      const passings = reader.events.filter(
        (frame) =>
          frame.event === 'menu.changed' &&
          Date.parse(payloadOf(frame).occurred_at) >= until.getTime() &&
          isDeepStrictEqual(payloadOf(frame).data.ids, [menus[0].id]),
      );
      expect(passings).toHaveLength(1);
    }
  });

  it('tells the tablet its session ended, and the acknowledgement of its staff calls', async () => {
    const tablet = await opened(portA, table1);
    const neighbour = await opened(portA, table2);
    await placeOrder(b.app, table1, [[menus[0], 1]]);
    const call = (await as(b, 'POST', '/api/staff-calls', table1, { type: 'water' })).json();
    const theirCall = (await as(b, 'POST', '/api/staff-calls', table2, { type: 'bill' })).json();
    await as(b, 'POST', `/api/admin/staff-calls/${call.id}/acknowledge`, admin);
    const acknowledged = await withEvent(tablet, 'staff_call.acknowledged');
    expect(payloadOf(acknowledged).data).toMatchObject({
      id: call.id,
      table_id: alpha.tables[0].id,
      status: 'acknowledged',
    });
    expect(tablet.events.some((f) => f.event === 'staff_call.created')).toBe(false);

    const ended = await as(b, 'POST', `/api/admin/tables/${alpha.tables[0].id}/end-session`, admin);
    expect(ended.statusCode).toBe(200);
    const frame = await withEvent(tablet, 'table_session.ended');
    expect(payloadOf(frame).data).toMatchObject({
      table_id: alpha.tables[0].id,
      archived_orders: 1,
    });

    await as(b, 'POST', `/api/admin/staff-calls/${theirCall.id}/acknowledge`, admin);
    await withEvent(neighbour, 'staff_call.acknowledged');
    expect(typesOf(neighbour)).toEqual(['snapshot', 'staff_call.acknowledged']);
  });

  it('opens with a single-use ticket issued on another instance', async () => {
    const issued = await as(b, 'POST', TICKET, table1);
    expect(issued.statusCode).toBe(200);
    expect(issued.json()).toEqual({ ticket: expect.any(String), expires_in: 30 });
    const { ticket } = issued.json();
    const reader = await open(portA, {}, `${STREAM}?ticket=${ticket}`);
    expect(reader.status).toBe(200);
    await reader.nextFrame((frame) => frame.event === 'snapshot', 'the snapshot');
    const order = (await placeOrder(b.app, table1, [[menus[0], 1]])).json();
    await withEvent(reader, 'order.created', (p) => p.data.id === order.id);

    const again = await a.app.inject({ method: 'GET', url: `${STREAM}?ticket=${ticket}` });
    expect(again.statusCode).toBe(401);
    expect(again.json().error.code).toBe('INVALID_TOKEN');
    // The stream_session cookie of the ticket answer, sent to this stream only, lets the
    // browser's own reconnect in with the spent ticket still in its URL.
    const cookie = String(issued.headers['set-cookie']);
    expect(cookie).toMatch(/^stream_session=[^;]+; Path=\/api\/orders\/stream; /);
    expect(cookie).toContain('HttpOnly');
    const reconnected = await open(
      portB,
      { cookie: cookie.split(';')[0] },
      `${STREAM}?ticket=${ticket}`,
    );
    expect(reconnected.status).toBe(200);
    await reconnected.nextFrame((frame) => frame.event === 'snapshot', 'the snapshot');
    // A table's ticket opens the table's stream, not the admin's.
    const tableTicket = (await as(a, 'POST', TICKET, table1)).json().ticket;
    expect(
      (await a.app.inject({ method: 'GET', url: `/api/admin/orders/stream?ticket=${tableTicket}` }))
        .statusCode,
    ).toBe(403);
  });

  it('replays only its own events after Last-Event-ID', async () => {
    const observer = await opened(portA, table1);
    const neighbour = await opened(portA, table2);
    const first = (await placeOrder(a.app, table1, [[menus[0], 1]])).json();
    const firstFrame = await withEvent(observer, 'order.created', (p) => p.data.id === first.id);
    const theirs = (await placeOrder(a.app, table2, [[menus[0], 1]])).json();
    await withEvent(neighbour, 'order.created', (p) => p.data.id === theirs.id);
    const second = (await placeOrder(a.app, table1, [[menus[1], 1]])).json();
    await withEvent(observer, 'order.created', (p) => p.data.id === second.id);
    observer.close();

    const resumed = await open(portB, { ...bearer(table1), 'last-event-id': firstFrame.id! });
    await withEvent(resumed, 'order.created', (p) => p.data.id === second.id);
    const created = resumed.events
      .filter((frame) => frame.event === 'order.created')
      .map((frame) => payloadOf(frame).data.id);
    expect(created).toEqual([second.id]);
  });

  it('sends both tablets a fresh snapshot when the party moves to another table', async () => {
    const order = (await placeOrder(a.app, table1, [[menus[0], 1]])).json();
    const from = await opened(portA, table1);
    const to = await opened(portB, table2);
    const dashboard = await open(portB, bearer(admin), '/api/admin/orders/stream');
    await dashboard.nextFrame((frame) => frame.event === 'snapshot', 'the admin snapshot');
    const moved = await as(a, 'POST', `/api/admin/tables/${alpha.tables[0].id}/move`, admin, {
      to_table_id: alpha.tables[1].id,
    });
    expect(moved.statusCode).toBe(200);
    expect(payloadOf(await withEvent(dashboard, 'table_session.moved')).data).toEqual({
      from_table_id: alpha.tables[0].id,
      to_table_id: alpha.tables[1].id,
      session_id: order.table_session_id,
    });
    expect(JSON.parse((await snapshotAfterFirst(from)).data!)).toEqual({ orders: [] });
    const fresh = JSON.parse((await snapshotAfterFirst(to)).data!);
    expect(fresh.orders.map((o: { id: number }) => o.id)).toEqual([order.id]);
    expect(fresh).toEqual({ orders: (await as(a, 'GET', '/api/orders', table2)).json() });
  });

  it('sends both tablets a fresh snapshot when the party joins another seated table', async () => {
    const joining = (await placeOrder(a.app, table1, [[menus[0], 1]])).json();
    const seated = (await placeOrder(a.app, table2, [[menus[1], 2]])).json();
    const from = await opened(portA, table1);
    const into = await opened(portB, table2);
    const dashboard = await open(portA, bearer(admin), '/api/admin/orders/stream');
    await dashboard.nextFrame((frame) => frame.event === 'snapshot', 'the admin snapshot');
    const merged = await as(a, 'POST', `/api/admin/tables/${alpha.tables[0].id}/merge`, admin, {
      into_table_id: alpha.tables[1].id,
    });
    expect(merged.statusCode).toBe(200);
    expect(payloadOf(await withEvent(dashboard, 'table_session.merged')).data).toEqual({
      from_table_id: alpha.tables[0].id,
      to_table_id: alpha.tables[1].id,
      session_id: seated.table_session_id,
      merged_session_id: joining.table_session_id,
    });
    expect(JSON.parse((await snapshotAfterFirst(from)).data!)).toEqual({ orders: [] });
    const fresh = JSON.parse((await snapshotAfterFirst(into)).data!);
    expect(fresh.orders.map((o: { id: number }) => o.id).sort()).toEqual(
      [joining.id, seated.id].sort(),
    );
    expect(fresh).toEqual({ orders: (await as(a, 'GET', '/api/orders', table2)).json() });
  });

  it('asks the tablet to reconnect when its instance shuts down', async () => {
    const c = await startTestApp(ORDERING_ENV);
    const portC = await listenForStreams(c);
    const reader = await opened(portC, table1);
    await c.close();
    await reader.waitForEnd();
    expect(reader.frames.at(-1)?.retry).toBeGreaterThanOrEqual(1000);
  });
});
