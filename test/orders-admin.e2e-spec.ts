import { OrderStatus } from '../src/orders/entities/order-status';
import { bearer, createStore, StoreFixture, tableToken } from './support/fixtures';
import {
  createMenus,
  MenuFixture,
  ORDERING_ENV,
  orderingWorld,
  outboxRows,
  placeOrder,
} from './support/ordering';
import { startTestApp, TestApp } from './support/test-app';

describe('admin orders (/api/admin/orders)', () => {
  let testApp: TestApp;
  let store: StoreFixture;
  let menus: MenuFixture[];
  let admin: string;
  let table1: string;
  let table2: string;

  beforeAll(async () => {
    testApp = await startTestApp(ORDERING_ENV);
  });
  beforeEach(async () => {
    ({
      store,
      menus,
      admin,
      tables: [table1, table2],
    } = await orderingWorld(testApp, { tableLogins: 2 }));
  });
  afterAll(() => testApp.close());

  const db = () => testApp.dataSource;
  const get = (url: string, token = admin) =>
    testApp.app.inject({ method: 'GET', url, headers: bearer(token) });
  const patchStatus = (id: number, status: string, token = admin) =>
    testApp.app.inject({
      method: 'PATCH',
      url: `/api/admin/orders/${id}/status`,
      headers: bearer(token),
      payload: { status },
    });
  const remove = (id: number) =>
    testApp.app.inject({
      method: 'DELETE',
      url: `/api/admin/orders/${id}`,
      headers: bearer(admin),
    });

  describe('GET', () => {
    it('lists the live orders of the store, newest first, with their table', async () => {
      const a = (await placeOrder(testApp.app, table1, [[menus[0], 1]])).json();
      const b = (await placeOrder(testApp.app, table2, [[menus[1], 2]])).json();
      const other = await createStore(db(), 'beta', { tableCount: 1 });
      const [foreignMenu] = await createMenus(db(), other.storeId, [{ name: 'Tea', price: 1 }]);
      await placeOrder(testApp.app, await tableToken(testApp.app, other), [[foreignMenu, 1]]);

      const response = await get('/api/admin/orders');
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.map((order: { id: number }) => order.id)).toEqual([b.id, a.id]);
      expect(body[0]).toEqual({
        ...b,
        table_id: store.tables[1].id,
        table_number: 2,
        updated_at: b.created_at,
      });
    });

    it('filters by table_id and status', async () => {
      const a = (await placeOrder(testApp.app, table1, [[menus[0], 1]])).json();
      const b = (await placeOrder(testApp.app, table1, [[menus[1], 1]])).json();
      const c = (await placeOrder(testApp.app, table2, [[menus[1], 1]])).json();
      await patchStatus(b.id, 'preparing');
      const ids = async (query: string) =>
        (await get(`/api/admin/orders${query}`)).json().map((order: { id: number }) => order.id);

      expect(await ids(`?table_id=${store.tables[0].id}`)).toEqual([b.id, a.id]);
      expect(await ids('?status=pending')).toEqual([c.id, a.id]);
      expect(await ids(`?table_id=${store.tables[0].id}&status=preparing`)).toEqual([b.id]);
      expect(await ids('?status=completed')).toEqual([]);
      // An empty filter, as a form with nothing chosen sends it, is no filter.
      expect(await ids('?table_id=&status=')).toEqual([c.id, b.id, a.id]);
    });

    it.each([
      ['status=cancelled', 'status'],
      ['table_id=abc', 'table_id'],
      ['table_id=0', 'table_id'],
      ['table_id=%2B1', 'table_id'],
      ['color=red', 'color'],
    ])('rejects ?%s with 400 naming %s', async (query, field) => {
      const response = await get(`/api/admin/orders?${query}`);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.details.map((d: { field: string }) => d.field)).toContain(field);
    });

    it('reads one order; unknown ids are 404, malformed ids 400', async () => {
      const order = (await placeOrder(testApp.app, table1, [[menus[0], 3]])).json();
      const response = await get(`/api/admin/orders/${order.id}`);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ ...order, table_number: 1 });
      expect((await get(`/api/admin/orders/${order.id + 1000}`)).statusCode).toBe(404);
      expect((await get('/api/admin/orders/abc')).statusCode).toBe(400);
      expect((await get('/api/admin/orders/99999999999')).statusCode).toBe(400);
    });

    it('is for store admins only', async () => {
      expect((await get('/api/admin/orders', table1)).statusCode).toBe(403);
    });
  });

  describe('PATCH /:id/status', () => {
    /** Brings a fresh order to `status` through the API. */
    async function orderIn(status: OrderStatus): Promise<number> {
      const { id } = (await placeOrder(testApp.app, table1, [[menus[0], 1]])).json();
      if (status !== 'pending') expect((await patchStatus(id, status)).statusCode).toBe(200);
      return id;
    }

    const transitions: [OrderStatus, OrderStatus, number][] = [
      ['pending', 'preparing', 200],
      ['pending', 'completed', 200],
      ['preparing', 'completed', 200],
      ['pending', 'pending', 409],
      ['preparing', 'pending', 409],
      ['preparing', 'preparing', 409],
      ['completed', 'pending', 409],
      ['completed', 'preparing', 409],
      ['completed', 'completed', 409],
    ];

    it.each(transitions)('%s → %s answers %d', async (from, to, expected) => {
      const id = await orderIn(from);
      const eventsBefore = (await outboxRows(db(), 'order.status_changed')).length;
      const response = await patchStatus(id, to);
      expect(response.statusCode).toBe(expected);
      const [row] = await db().query(`SELECT status FROM orders WHERE id = $1`, [id]);
      const events = await outboxRows(db(), 'order.status_changed');
      if (expected === 200) {
        expect(response.json()).toMatchObject({ id, status: to });
        expect(row.status).toBe(to);
        expect(events).toHaveLength(eventsBefore + 1);
        expect(events.at(-1)!.payload.data).toEqual({
          order_id: id,
          order_number: response.json().order_number,
          table_id: store.tables[0].id,
          table_number: 1,
          old_status: from,
          new_status: to,
          order: response.json(),
        });
      } else {
        expect(response.json().error).toMatchObject({ code: 'INVALID_STATUS_TRANSITION' });
        expect(row.status).toBe(from);
        expect(events).toHaveLength(eventsBefore);
      }
    });

    it('rejects an unknown status value or extra fields with 400, and unknown orders with 404', async () => {
      const id = await orderIn('pending');
      expect((await patchStatus(id, 'cancelled')).statusCode).toBe(400);
      const extra = await testApp.app.inject({
        method: 'PATCH',
        url: `/api/admin/orders/${id}/status`,
        headers: bearer(admin),
        payload: { status: 'preparing', total_amount: 0 },
      });
      expect(extra.statusCode).toBe(400);
      expect((await patchStatus(id + 1000, 'preparing')).statusCode).toBe(404);
    });

    it("updates the tablet's cached view", async () => {
      const id = await orderIn('pending');
      const tabletView = () =>
        testApp.app.inject({ method: 'GET', url: '/api/orders', headers: bearer(table1) });
      expect((await tabletView()).json()[0].status).toBe('pending');
      await patchStatus(id, 'preparing');
      expect((await tabletView()).json()[0].status).toBe('preparing');
    });
  });

  describe('DELETE /:id', () => {
    it('deletes the order with its items, the table total follows, order.deleted is written', async () => {
      const keep = (await placeOrder(testApp.app, table1, [[menus[0], 1]])).json();
      const drop = (await placeOrder(testApp.app, table1, [[menus[1], 4]])).json();
      const tablet = () =>
        testApp.app.inject({ method: 'GET', url: '/api/orders', headers: bearer(table1) });
      expect((await tablet()).json()).toHaveLength(2);

      const response = await remove(drop.id);
      expect(response.statusCode).toBe(204);
      expect(response.body).toBe('');
      expect(await db().query(`SELECT id FROM orders`)).toEqual([{ id: keep.id }]);
      expect(await db().query(`SELECT 1 FROM order_items WHERE order_id = $1`, [drop.id])).toEqual(
        [],
      );

      const tables = (await get('/api/admin/tables')).json();
      expect(tables[0].session).toMatchObject({ order_count: 1, total_amount: 9000 });
      expect((await tablet()).json()).toEqual([keep]);

      const [event] = await outboxRows(db(), 'order.deleted');
      expect(event.payload.data).toEqual({
        order_id: drop.id,
        order_number: drop.order_number,
        table_id: store.tables[0].id,
        table_number: 1,
        table_session_id: drop.table_session_id,
      });
      expect((await remove(drop.id)).statusCode).toBe(404);
    });
  });
});
