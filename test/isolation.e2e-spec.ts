import { adminToken, bearer, createStore, StoreFixture, tableToken } from './support/fixtures';
import { expectTenantIsolation, IsolationCase, StoreTokens } from './support/isolation';
import { createMenus, placeOrder } from './support/ordering';
import { resetData, startTestApp, TestApp } from './support/test-app';

/**
 * Tenant isolation: a store's admin or table asking for another store's resource gets 404
 * NOT_FOUND, never 403 and never the data, so ids cannot be probed.
 *
 * HOW A FEATURE ADDS ITS ROUTES
 * 1. If the route needs a resource that does not exist yet in store B, create it in
 *    `createVictimResources` (plain SQL or the owner's own API calls) and add its id to `VictimIds`.
 * 2. Add one row per store-scoped route to `STORE_SCOPED_ROUTES`:
 *      { method: 'PATCH', url: (ids) => `/api/admin/orders/${ids.orderId}/status`,
 *        body: () => ({ status: 'preparing' }), as: ['store_admin'] }
 *    `as` lists the roles the route is open to (both by default). The helper also sends the
 *    request as store B's own principal and requires that NOT to be 404, proving the row points
 *    at a real resource; set `ownerStatus` to an exact status to be stricter, or `false` when the
 *    owner cannot repeat the request (e.g. a DELETE whose resource a later row still needs).
 */
interface VictimIds {
  storeId: string;
  tableId: number;
  tableNumber: number;
  tablePassword: string;
  orderId: number;
  spareOrderId: number;
  menuCategoryId: number;
  menuItemId: number;
  /** A second item, which the owner's control request of the DELETE row really deletes. */
  spareMenuItemId: number;
  /** The store's second table, without a session. */
  freeTableId: number;
  /** An open staff call of the first table. */
  staffCallId: number;
}

const STORE_SCOPED_ROUTES: IsolationCase<VictimIds>[] = [
  // Menu.
  { method: 'GET', url: (ids) => `/api/menu/items/${ids.menuItemId}` },
  { method: 'GET', url: (ids) => `/api/menu/items?category_id=${ids.menuCategoryId}` },
  {
    method: 'PATCH',
    url: (ids) => `/api/admin/menu/categories/${ids.menuCategoryId}`,
    body: () => ({ display_order: 3 }),
    as: ['store_admin'],
    ownerStatus: 200,
  },
  {
    method: 'DELETE',
    url: (ids) => `/api/admin/menu/categories/${ids.menuCategoryId}`,
    as: ['store_admin'],
    ownerStatus: 409,
  },
  {
    method: 'POST',
    url: () => '/api/admin/menu/items',
    body: (ids) => ({ category_id: ids.menuCategoryId, name: 'Probe', price: 1 }),
    as: ['store_admin'],
    ownerStatus: 201,
  },
  {
    method: 'PATCH',
    url: (ids) => `/api/admin/menu/items/${ids.menuItemId}`,
    body: () => ({ price: 4500 }),
    as: ['store_admin'],
    ownerStatus: 200,
  },
  {
    // The owner sends no multipart body: 415 proves the item was found.
    method: 'PUT',
    url: (ids) => `/api/admin/menu/items/${ids.menuItemId}/image`,
    as: ['store_admin'],
    ownerStatus: 415,
  },
  {
    method: 'DELETE',
    url: (ids) => `/api/admin/menu/items/${ids.spareMenuItemId}`,
    as: ['store_admin'],
    ownerStatus: 204,
  },
  // Table service. The owner's control requests change nothing the rows below need: a merge
  // into the free table and a move from it are 409 NO_ACTIVE_SESSION, a staff order joins the
  // session, the call is acknowledged.
  {
    method: 'POST',
    url: (ids) => `/api/admin/staff-calls/${ids.staffCallId}/acknowledge`,
    as: ['store_admin'],
    ownerStatus: 200,
  },
  {
    method: 'POST',
    url: (ids) => `/api/admin/tables/${ids.tableId}/orders`,
    body: (ids) => ({ items: [{ menu_id: ids.menuItemId, quantity: 1 }] }),
    as: ['store_admin'],
    ownerStatus: 201,
  },
  {
    method: 'POST',
    url: (ids) => `/api/admin/tables/${ids.freeTableId}/move`,
    body: (ids) => ({ to_table_id: ids.tableId }),
    as: ['store_admin'],
    ownerStatus: 409,
  },
  {
    method: 'POST',
    url: (ids) => `/api/admin/tables/${ids.tableId}/merge`,
    body: (ids) => ({ into_table_id: ids.freeTableId }),
    as: ['store_admin'],
    ownerStatus: 409,
  },
  // Tables and orders. Order matters: the owner's control requests of the last two rows delete
  // an order and end the session.
  { method: 'GET', url: (ids) => `/api/admin/orders/${ids.orderId}`, as: ['store_admin'] },
  {
    method: 'PATCH',
    url: (ids) => `/api/admin/orders/${ids.orderId}/status`,
    body: () => ({ status: 'preparing' }),
    as: ['store_admin'],
    ownerStatus: 200,
  },
  {
    method: 'PATCH',
    url: (ids) => `/api/admin/tables/${ids.tableId}`,
    body: (ids) => ({ password: ids.tablePassword }),
    as: ['store_admin'],
    ownerStatus: 200,
  },
  {
    method: 'GET',
    url: (ids) => `/api/admin/tables/${ids.tableId}/history`,
    as: ['store_admin'],
    ownerStatus: 200,
  },
  {
    method: 'DELETE',
    url: (ids) => `/api/admin/orders/${ids.spareOrderId}`,
    as: ['store_admin'],
    ownerStatus: 204,
  },
  {
    method: 'POST',
    url: (ids) => `/api/admin/tables/${ids.tableId}/end-session`,
    as: ['store_admin'],
    ownerStatus: 200,
  },
];

describe('tenant isolation between stores', () => {
  let testApp: TestApp;
  let alpha: StoreFixture;
  let beta: StoreFixture;
  let intruder: StoreTokens;
  let owner: StoreTokens;
  let ids: VictimIds;

  async function tokensOf(store: StoreFixture): Promise<StoreTokens> {
    return {
      store_admin: await adminToken(testApp.app, store),
      table: await tableToken(testApp.app, store),
    };
  }

  async function createVictimResources(store: StoreFixture): Promise<VictimIds> {
    const [menu, spareMenu] = await createMenus(testApp.dataSource, store.storeId, [
      { name: 'Bibimbap', price: 9000 },
      { name: 'Japchae', price: 12000 },
    ]);
    const [{ category_id: menuCategoryId }] = await testApp.dataSource.query(
      `SELECT category_id FROM menus WHERE id = $1`,
      [menu.id],
    );
    const order = async () => (await placeOrder(testApp.app, owner.table, [[menu, 1]])).json().id;
    return {
      storeId: store.storeId,
      tableId: store.tables[0].id,
      tableNumber: store.tables[0].number,
      tablePassword: store.tables[0].password,
      orderId: await order(),
      spareOrderId: await order(),
      menuCategoryId,
      menuItemId: menu.id,
      spareMenuItemId: spareMenu.id,
      freeTableId: store.tables[1].id,
      staffCallId: (
        await testApp.app.inject({
          method: 'POST',
          url: '/api/staff-calls',
          headers: bearer(owner.table),
          payload: { type: 'water' },
        })
      ).json().id,
    };
  }

  beforeAll(async () => {
    testApp = await startTestApp();
    await resetData(testApp);
    alpha = await createStore(testApp.dataSource, 'alpha');
    beta = await createStore(testApp.dataSource, 'beta');
    intruder = await tokensOf(alpha);
    owner = await tokensOf(beta);
    ids = await createVictimResources(beta);
  });
  afterAll(() => testApp.close());

  if (STORE_SCOPED_ROUTES.length > 0) {
    it('answers 404 to another store for every store-scoped route', async () => {
      await expectTenantIsolation(testApp.app, {
        intruder,
        owner,
        ids,
        cases: STORE_SCOPED_ROUTES,
      });
    });
  }

  it('issues tokens bound to the store whose code was used to log in', async () => {
    // Both stores have an admin called "manager" and tables 1 and 2.
    const login = (storeCode: string, password: string) =>
      testApp.app.inject({
        method: 'POST',
        url: '/api/auth/admin/login',
        payload: { store_code: storeCode, username: 'manager', password },
      });
    expect((await login('beta', beta.adminPassword)).json().store_id).toBe(beta.storeId);
    const crossed = await login('beta', alpha.adminPassword);
    expect(crossed.statusCode).toBe(401);
    expect(crossed.json().error.code).toBe('INVALID_CREDENTIALS');

    const tableCrossed = await testApp.app.inject({
      method: 'POST',
      url: '/api/auth/table/login',
      payload: { store_code: 'beta', table_number: 1, password: alpha.tables[0].password },
    });
    expect(tableCrossed.statusCode).toBe(401);
  });

  describe('the isolation helper', () => {
    it('fails for a route that answers another store with something else than 404', async () => {
      await expect(
        expectTenantIsolation(testApp.app, {
          intruder,
          owner,
          ids,
          cases: [{ method: 'GET', url: () => '/health/live' }],
        }),
      ).rejects.toThrow(/GET \/health\/live as another store's store_admin: 200/);
    });

    it('fails for a row whose URL answers 404 to the owning store too (a row that proves nothing)', async () => {
      await expect(
        expectTenantIsolation(testApp.app, {
          intruder,
          owner,
          ids,
          cases: [{ method: 'GET', url: (victim) => `/api/no-such-route/${victim.tableId}` }],
        }),
      ).rejects.toThrow(/as the owning store's store_admin: 404 \(control request/);
    });

    it('reports 403 as a failure: a forbidden answer confirms the id exists', async () => {
      await expect(
        expectTenantIsolation(testApp.app, {
          intruder,
          owner,
          ids,
          cases: [{ method: 'GET', url: () => '/api/superadmin/stores', ownerStatus: 403 }],
        }),
      ).rejects.toThrow(/as another store's table: 403 INSUFFICIENT_PERMISSIONS/);
    });
  });
});
