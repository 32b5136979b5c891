import { adminToken, bearer, createStore, StoreFixture, tableToken } from './support/fixtures';
import { createMenus, MenuFixture, ORDERING_ENV, placeOrder } from './support/ordering';
import { resetData, startTestApp, TestApp } from './support/test-app';

/**
 * Tenant isolation: store B's admin reaches none of store A's tables or orders — each route
 * answers as if the id did not exist (404), and nothing changes.
 */
describe('tenant isolation of tables and orders', () => {
  let testApp: TestApp;
  let storeA: StoreFixture;
  let storeB: StoreFixture;
  let menuA: MenuFixture;
  let adminB: string;
  let tableA: string;
  let orderA: { id: number; table_session_id: number };

  beforeAll(async () => {
    testApp = await startTestApp(ORDERING_ENV);
    await resetData(testApp);
    storeA = await createStore(testApp.dataSource, 'alpha');
    storeB = await createStore(testApp.dataSource, 'beta');
    [menuA] = await createMenus(testApp.dataSource, storeA.storeId, [
      { name: 'Bibimbap', price: 9000 },
    ]);
    adminB = await adminToken(testApp.app, storeB);
    tableA = await tableToken(testApp.app, storeA, 0);
    orderA = (await placeOrder(testApp.app, tableA, [[menuA, 1]])).json();
  });
  afterAll(() => testApp.close());

  const tableIdA = () => storeA.tables[0].id;
  const routes: [string, 'GET' | 'POST' | 'PATCH' | 'DELETE', () => string, object | undefined][] =
    [
      ['read an order', 'GET', () => `/api/admin/orders/${orderA.id}`, undefined],
      [
        'change its status',
        'PATCH',
        () => `/api/admin/orders/${orderA.id}/status`,
        { status: 'preparing' },
      ],
      ['delete it', 'DELETE', () => `/api/admin/orders/${orderA.id}`, undefined],
      [
        'change a table password',
        'PATCH',
        () => `/api/admin/tables/${tableIdA()}`,
        { password: 'hijacked' },
      ],
      [
        'end a table session',
        'POST',
        () => `/api/admin/tables/${tableIdA()}/end-session`,
        undefined,
      ],
      ['read a table history', 'GET', () => `/api/admin/tables/${tableIdA()}/history`, undefined],
    ];

  it.each(routes)(
    "store B's admin cannot %s of store A: 404",
    async (_name, method, url, payload) => {
      const response = await testApp.app.inject({
        method,
        url: url(),
        headers: bearer(adminB),
        ...(payload ? { payload } : {}),
      });
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('NOT_FOUND');
    },
  );

  it("left store A's order, session and table untouched", async () => {
    const [order] = await testApp.dataSource.query(`SELECT status FROM orders WHERE id = $1`, [
      orderA.id,
    ]);
    expect(order).toEqual({ status: 'pending' });
    const [session] = await testApp.dataSource.query(
      `SELECT is_active FROM table_sessions WHERE id = $1`,
      [orderA.table_session_id],
    );
    expect(session.is_active).toBe(true);
    const login = await testApp.app.inject({
      method: 'POST',
      url: '/api/auth/table/login',
      payload: { store_code: 'alpha', table_number: 1, password: storeA.tables[0].password },
    });
    expect(login.statusCode).toBe(200);
  });

  it("lists only the caller's store in the admin lists", async () => {
    const orders = await testApp.app.inject({
      method: 'GET',
      url: '/api/admin/orders',
      headers: bearer(adminB),
    });
    expect(orders.json()).toEqual([]);
    const filtered = await testApp.app.inject({
      method: 'GET',
      url: `/api/admin/orders?table_id=${tableIdA()}`,
      headers: bearer(adminB),
    });
    expect(filtered.json()).toEqual([]);
    const tables = await testApp.app.inject({
      method: 'GET',
      url: '/api/admin/tables',
      headers: bearer(adminB),
    });
    expect(tables.json().map((table: { id: number }) => table.id)).toEqual(
      storeB.tables.map((table) => table.id),
    );
  });

  it("store B's tablet cannot order store A's menu, nor see store A's orders", async () => {
    const tableB = await tableToken(testApp.app, storeB, 0);
    const response = await placeOrder(testApp.app, tableB, [[menuA, 1]]);
    expect(response.statusCode).toBe(422);
    expect(response.json().error.details[0].menu_id).toBe(menuA.id);
    const own = await testApp.app.inject({
      method: 'GET',
      url: '/api/orders',
      headers: bearer(tableB),
    });
    expect(own.json()).toEqual([]);
  });
});
