import { adminToken, bearer, createStore, StoreFixture, tableToken } from './support/fixtures';
import { createMenus, MenuFixture, ORDERING_ENV, placeOrder } from './support/ordering';
import { insertLargeSession } from './support/large-session';
import { listenForStreams, SseReader } from './support/sse-reader';
import { resetData, startTestApp, TestApp } from './support/test-app';

const ORDERS = 500;
const LINES = 50;
const SNAPSHOT_TIMEOUT_MS = 60_000;

/**
 * A snapshot far above SSE_MAX_BUFFERED_BYTES (1 MiB) is written with backpressure and arrives
 * whole; the unsent-bytes limit judges live frames only (issue 14, finding 2: such a stream used
 * to close with 0 bytes).
 */
describe('Stream snapshot of a large store', () => {
  let app: TestApp;
  let port: number;
  let store: StoreFixture;
  let menus: MenuFixture[];
  const readers: SseReader[] = [];
  /** Orders a test placed on top of the 500, removed after it so each test sees exactly 500. */
  const placedIds: number[] = [];

  async function snapshotOf(path: string, token: string): Promise<SseReader> {
    const reader = await SseReader.open(port, path, bearer(token));
    readers.push(reader);
    expect(reader.status).toBe(200);
    return reader;
  }

  beforeAll(async () => {
    app = await startTestApp(ORDERING_ENV);
    port = await listenForStreams(app);
    await resetData(app);
    store = await createStore(app.dataSource, 'big', { tableCount: 1 });
    menus = await createMenus(app.dataSource, store.storeId, [{ name: 'Bibimbap', price: 9000 }]);
    await insertLargeSession(app.dataSource, store, menus[0], {
      orders: ORDERS,
      lines: LINES,
      note: 'no onions, extra sesame',
    });
  });
  afterEach(async () => {
    for (const reader of readers.splice(0)) reader.close();
    await app.dataSource.query(`DELETE FROM orders WHERE id = ANY($1)`, [placedIds.splice(0)]);
  });
  afterAll(async () => {
    await app.close();
  });

  it.each([
    ['admin', '/api/admin/orders/stream'],
    ['tablet', '/api/orders/stream'],
  ])('gives the %s stream the whole snapshot, then live events', async (who, path) => {
    const token =
      who === 'admin' ? await adminToken(app.app, store) : await tableToken(app.app, store, 0);
    const reader = await snapshotOf(path, token);
    const snapshot = await reader.nextFrame(
      (frame) => frame.event === 'snapshot',
      'the snapshot',
      SNAPSHOT_TIMEOUT_MS,
    );
    expect(snapshot.data!.length).toBeGreaterThan(2 * 1024 * 1024);
    const { orders } = JSON.parse(snapshot.data!) as { orders: { items: unknown[] }[] };
    expect(orders).toHaveLength(ORDERS);
    for (const order of orders) expect(order.items).toHaveLength(LINES);

    const table = await tableToken(app.app, store, 0);
    const placed = (await placeOrder(app.app, table, [[menus[0], 1]])).json();
    placedIds.push(placed.id);
    const created = await reader.nextFrame(
      (frame) => frame.event === 'order.created',
      'the live event after the snapshot',
    );
    expect(JSON.parse(created.data!).data.id).toBe(placed.id);
    expect(reader.ended).toBe(false);
  });
});
