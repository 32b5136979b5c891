import { adminToken, bearer, createStore, StoreFixture, tableToken } from './support/fixtures';
import { createMenus, MenuFixture, ORDERING_ENV, placeOrder } from './support/ordering';
import { resetData, startTestApp, TestApp } from './support/test-app';

/**
 * Store scoping of the order and table lists and of ordering. The 404 answers of the id routes
 * (orders, table password, end-session, history) are rows of test/isolation.e2e-spec.ts.
 */
describe('store scoping of orders and tables', () => {
  let testApp: TestApp;
  let storeA: StoreFixture;
  let storeB: StoreFixture;
  let menuA: MenuFixture;
  let adminB: string;

  beforeAll(async () => {
    testApp = await startTestApp(ORDERING_ENV);
    await resetData(testApp);
    storeA = await createStore(testApp.dataSource, 'alpha');
    storeB = await createStore(testApp.dataSource, 'beta');
    [menuA] = await createMenus(testApp.dataSource, storeA.storeId, [
      { name: 'Bibimbap', price: 9000 },
    ]);
    adminB = await adminToken(testApp.app, storeB);
    await placeOrder(testApp.app, await tableToken(testApp.app, storeA, 0), [[menuA, 1]]);
  });
  afterAll(() => testApp.close());

  const get = (url: string, token: string) =>
    testApp.app.inject({ method: 'GET', url, headers: bearer(token) });

  it("lists only the caller's store in the admin lists, even when filtering by a foreign table", async () => {
    expect((await get('/api/admin/orders', adminB)).json()).toEqual([]);
    const filtered = await get(`/api/admin/orders?table_id=${storeA.tables[0].id}`, adminB);
    expect(filtered.statusCode).toBe(200);
    expect(filtered.json()).toEqual([]);
    const tables = (await get('/api/admin/tables', adminB)).json();
    expect(tables.map((table: { id: number }) => table.id)).toEqual(
      storeB.tables.map((table) => table.id),
    );
    expect(tables.every((table: { session: unknown }) => table.session === null)).toBe(true);
  });

  it("a tablet cannot order another store's menu, nor see another store's orders", async () => {
    const tableB = await tableToken(testApp.app, storeB, 0);
    const response = await placeOrder(testApp.app, tableB, [[menuA, 1]]);
    expect(response.statusCode).toBe(422);
    expect(response.json().error.details[0].menu_id).toBe(menuA.id);
    expect((await get('/api/orders', tableB)).json()).toEqual([]);
  });
});
