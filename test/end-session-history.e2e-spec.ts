import { RedisService } from '../src/infrastructure/redis/redis.service';
import { bearer, StoreFixture } from './support/fixtures';
import { insertHistory } from './support/history';
import {
  breakOutbox,
  cacheLookups,
  MenuFixture,
  ORDERING_ENV,
  orderingWorld,
  outboxRows,
  placeOrder,
} from './support/ordering';
import { startTestApp, TestApp } from './support/test-app';

describe('ending a table session and its history', () => {
  let testApp: TestApp;
  let store: StoreFixture;
  let menus: MenuFixture[];
  let admin: string;
  let table1: string;
  let tableId: number;

  beforeAll(async () => {
    testApp = await startTestApp(ORDERING_ENV);
  });
  beforeEach(async () => {
    ({
      store,
      menus,
      admin,
      tables: [table1],
    } = await orderingWorld(testApp, { tableLogins: 1 }));
    tableId = store.tables[0].id;
  });
  afterAll(() => testApp.close());

  const db = () => testApp.dataSource;
  const endSession = (id = tableId, token = admin) =>
    testApp.app.inject({
      method: 'POST',
      url: `/api/admin/tables/${id}/end-session`,
      headers: bearer(token),
    });
  const history = (query = '', id = tableId) =>
    testApp.app.inject({
      method: 'GET',
      url: `/api/admin/tables/${id}/history${query}`,
      headers: bearer(admin),
    });
  const setStatus = (id: number, status: string) =>
    testApp.app.inject({
      method: 'PATCH',
      url: `/api/admin/orders/${id}/status`,
      headers: bearer(admin),
      payload: { status },
    });

  describe('POST /api/admin/tables/:id/end-session', () => {
    it('moves orders in every state, with items, into the history and ends the session', async () => {
      const pending = (await placeOrder(testApp.app, table1, [[menus[0], 1]])).json();
      const preparing = (await placeOrder(testApp.app, table1, [[menus[1], 2]])).json();
      const completed = (
        await placeOrder(testApp.app, table1, [
          [menus[0], 2],
          [menus[1], 1],
        ])
      ).json();
      await setStatus(preparing.id, 'preparing');
      await setStatus(completed.id, 'completed');
      const sessionId = pending.table_session_id;

      const response = await endSession();
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        session_id: sessionId,
        archived_orders: 3,
        total_amount: 9000 + 4000 + 20000,
      });

      expect(await db().query(`SELECT id FROM orders`)).toEqual([]);
      expect(await db().query(`SELECT id FROM order_items`)).toEqual([]);
      const [session] = await db().query(
        `SELECT is_active, ended_at FROM table_sessions WHERE id = $1`,
        [sessionId],
      );
      expect(session.is_active).toBe(false);
      expect(session.ended_at).toBeInstanceOf(Date);

      const rows = await db().query(
        `SELECT order_id, order_number, status, total_amount, items, ordered_at, table_session_id, store_id
         FROM order_history ORDER BY id`,
      );
      expect(
        rows.map((row: { order_id: number; status: string }) => [row.order_id, row.status]),
      ).toEqual([
        [pending.id, 'pending'],
        [preparing.id, 'preparing'],
        [completed.id, 'completed'],
      ]);
      expect(rows[2]).toMatchObject({
        order_number: completed.order_number,
        total_amount: 20000,
        table_session_id: sessionId,
        store_id: store.storeId,
        items: [
          { menu_id: menus[0].id, menu_name: 'Bibimbap', unit_price: 9000, quantity: 2 },
          { menu_id: menus[1].id, menu_name: 'Cola', unit_price: 2000, quantity: 1 },
        ],
      });
      expect(rows[0].ordered_at.toISOString()).toBe(pending.created_at);

      const [event] = await outboxRows(db(), 'table_session.ended');
      expect(event.payload.data).toEqual({
        session_id: sessionId,
        table_id: tableId,
        table_number: 1,
        archived_orders: 3,
        total_amount: 33000,
        ended_at: session.ended_at.toISOString(),
      });

      const tables = await testApp.app.inject({
        method: 'GET',
        url: '/api/admin/tables',
        headers: bearer(admin),
      });
      expect(tables.json()[0].session).toBeNull();
      const tablet = await testApp.app.inject({
        method: 'GET',
        url: '/api/orders',
        headers: bearer(table1),
      });
      expect(tablet.json()).toEqual([]);
    });

    it('accepts an empty body sent with a JSON content type, as clients that always set it do', async () => {
      await placeOrder(testApp.app, table1, [[menus[0], 1]]);
      const response = await testApp.app.inject({
        method: 'POST',
        url: `/api/admin/tables/${tableId}/end-session`,
        headers: { ...bearer(admin), 'content-type': 'application/json' },
        payload: '',
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ archived_orders: 1, total_amount: 9000 });
    });

    it('answers 409 NO_ACTIVE_SESSION for an idle table and for a second end', async () => {
      const idle = await endSession();
      expect(idle.statusCode).toBe(409);
      expect(idle.json().error.code).toBe('NO_ACTIVE_SESSION');

      await placeOrder(testApp.app, table1, [[menus[0], 1]]);
      expect((await endSession()).statusCode).toBe(200);
      expect((await endSession()).json().error.code).toBe('NO_ACTIVE_SESSION');
      expect(await outboxRows(db(), 'table_session.ended')).toHaveLength(1);
    });

    it('opens a new session with the next order', async () => {
      const before = (await placeOrder(testApp.app, table1, [[menus[0], 1]])).json();
      await endSession();
      const after = (await placeOrder(testApp.app, table1, [[menus[0], 1]])).json();
      expect(after.table_session_id).not.toBe(before.table_session_id);
      const sessions = await db().query(`SELECT id, is_active FROM table_sessions ORDER BY id`);
      expect(sessions).toEqual([
        { id: before.table_session_id, is_active: false },
        { id: after.table_session_id, is_active: true },
      ]);
    });

    it('ends a session whose orders were all deleted, archiving nothing', async () => {
      const order = (await placeOrder(testApp.app, table1, [[menus[0], 1]])).json();
      await testApp.app.inject({
        method: 'DELETE',
        url: `/api/admin/orders/${order.id}`,
        headers: bearer(admin),
      });
      const response = await endSession();
      expect(response.json()).toEqual({
        session_id: order.table_session_id,
        archived_orders: 0,
        total_amount: 0,
      });
      expect(await db().query(`SELECT * FROM order_history_day_counts`)).toEqual([]);
    });

    it('rolls everything back when its event cannot be written', async () => {
      const order = (await placeOrder(testApp.app, table1, [[menus[0], 1]])).json();
      const repair = await breakOutbox(db());
      try {
        expect((await endSession()).statusCode).toBe(500);
      } finally {
        await repair();
      }
      expect(await db().query(`SELECT id FROM orders`)).toEqual([{ id: order.id }]);
      expect(await db().query(`SELECT id FROM order_history`)).toEqual([]);
      expect(await db().query(`SELECT * FROM order_history_day_counts`)).toEqual([]);
      const [session] = await db().query(`SELECT is_active FROM table_sessions`);
      expect(session.is_active).toBe(true);
    });

    it('answers 404 for an unknown table and 400 for a malformed id', async () => {
      expect((await endSession(999_999)).statusCode).toBe(404);
      const malformed = await testApp.app.inject({
        method: 'POST',
        url: '/api/admin/tables/one/end-session',
        headers: bearer(admin),
      });
      expect(malformed.statusCode).toBe(400);
    });
  });

  describe('GET /api/admin/tables/:id/history', () => {
    async function archiveOrders(count: number): Promise<number[]> {
      const ids: number[] = [];
      for (let i = 0; i < count; i++) {
        ids.push((await placeOrder(testApp.app, table1, [[menus[0], i + 1]])).json().id);
        await endSession();
      }
      return ids;
    }

    it('pages archived orders newest first with exact totals, empty beyond the end', async () => {
      const ids = await archiveOrders(5);
      const page = async (query: string) => (await history(query)).json();

      const first = await page('?page=1&page_size=2');
      expect(first.items.map((item: { order_id: number }) => item.order_id)).toEqual([
        ids[4],
        ids[3],
      ]);
      expect(first.pagination).toEqual({ page: 1, page_size: 2, total_count: 5, total_pages: 3 });
      expect(first.items[0]).toEqual({
        id: expect.any(Number),
        order_id: ids[4],
        order_number: expect.stringMatching(/^\d{8}-\d{4}$/),
        table_id: tableId,
        table_session_id: expect.any(Number),
        status: 'pending',
        items: [
          {
            menu_id: menus[0].id,
            menu_name: 'Bibimbap',
            options: [],
            unit_price: 9000,
            quantity: 5,
            subtotal: 45000,
            note: null,
          },
        ],
        total_amount: 45000,
        note: null,
        placed_by: 'table',
        ordered_at: expect.any(String),
        archived_at: expect.any(String),
      });

      const last = await page('?page=3&page_size=2');
      expect(last.items.map((item: { order_id: number }) => item.order_id)).toEqual([ids[0]]);
      const beyond = await page('?page=4&page_size=2');
      expect(beyond).toEqual({
        items: [],
        pagination: { page: 4, page_size: 2, total_count: 5, total_pages: 3 },
      });

      const defaults = await page('');
      expect(defaults.pagination).toEqual({
        page: 1,
        page_size: 50,
        total_count: 5,
        total_pages: 1,
      });
      expect(defaults.items).toHaveLength(5);
    });

    it('answers an empty page for a table without history', async () => {
      for (const query of ['', '?page=&page_size=&from=&to=']) {
        expect((await history(query)).json()).toEqual({
          items: [],
          pagination: { page: 1, page_size: 50, total_count: 0, total_pages: 0 },
        });
      }
    });

    it("filters inclusive days in the store's time zone (Asia/Seoul)", async () => {
      const rows = [
        '2025-02-28T14:59:59Z', // 2025-02-28 23:59:59 KST
        '2025-02-28T15:00:00Z', // 2025-03-01 00:00:00 KST
        '2025-03-01T14:59:59Z', // 2025-03-01 23:59:59 KST
        '2025-03-01T15:00:00Z', // 2025-03-02 00:00:00 KST
        '2025-03-31T12:00:00Z', // 2025-03-31 21:00:00 KST
      ];
      for (const archivedAt of rows) {
        await insertHistory(db(), { storeId: store.storeId, tableId, archivedAt });
      }
      const archivedAts = async (query: string) => {
        const body = (await history(query)).json();
        return {
          total: body.pagination.total_count,
          at: body.items.map((item: { archived_at: string }) => item.archived_at),
        };
      };
      expect(await archivedAts('?from=2025-03-01&to=2025-03-01')).toEqual({
        total: 2,
        at: ['2025-03-01T14:59:59.000Z', '2025-02-28T15:00:00.000Z'],
      });
      expect(await archivedAts('?from=2025-03-02')).toEqual({
        total: 2,
        at: ['2025-03-31T12:00:00.000Z', '2025-03-01T15:00:00.000Z'],
      });
      expect(await archivedAts('?to=2025-02-28')).toEqual({
        total: 1,
        at: ['2025-02-28T14:59:59.000Z'],
      });
      expect((await archivedAts('?from=2025-02-01&to=2025-03-31')).total).toBe(5);
    });

    it.each([
      ['from after to', '?from=2025-03-02&to=2025-03-01', 'from'],
      ['an impossible date', '?from=2025-02-30', 'from'],
      ['a slash date', '?to=2025/03/01', 'to'],
      ['an unpadded date', '?from=2025-3-1', 'from'],
      ['a timestamp', '?from=2025-03-01T00:00:00Z', 'from'],
      ['page 0', '?page=0', 'page'],
      ['page_size 101', '?page_size=101', 'page_size'],
      ['page_size 0', '?page_size=0', 'page_size'],
      ['a non-numeric page', '?page=two', 'page'],
      ['a page in exponent form', '?page=1e1', 'page'],
      ['an unknown parameter', '?sort=asc', 'sort'],
    ])('rejects %s with 400', async (_name, query, field) => {
      const response = await history(query);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_FAILED');
      expect(response.json().error.details.map((d: { field: string }) => d.field)).toContain(field);
    });

    it('keeps the per-day counts equal to the archived rows', async () => {
      await archiveOrders(3);
      const [{ rows }] = await db().query(
        `SELECT count(*)::int AS rows FROM order_history WHERE table_id = $1`,
        [tableId],
      );
      const [{ counted }] = await db().query(
        `SELECT sum(archived_count)::int AS counted FROM order_history_day_counts WHERE table_id = $1`,
        [tableId],
      );
      expect(counted).toBe(rows);
      expect((await history()).json().pagination.total_count).toBe(3);
    });

    it('is cached per table, page and range, and dropped when the table ends a session', async () => {
      const redis = testApp.app.get(RedisService).client;
      await archiveOrders(1);
      const misses = await cacheLookups(testApp.app, 'order_history', 'miss');
      const hits = await cacheLookups(testApp.app, 'order_history', 'hit');
      await history('?page=1&page_size=10');
      await history('?from=2025-01-01');
      await history('?from=2025-01-01');
      expect(await cacheLookups(testApp.app, 'order_history', 'miss')).toBe(misses + 2);
      expect(await cacheLookups(testApp.app, 'order_history', 'hit')).toBe(hits + 1);
      const prefix = `${store.storeId}:order_history:${tableId}:`;
      const keys = async () => (await redis.keys(`${prefix}*`)).sort();
      expect(await keys()).toEqual([`${prefix}1:10::`, `${prefix}1:50:2025-01-01:`]);

      await placeOrder(testApp.app, table1, [[menus[1], 1]]);
      await endSession();
      expect(await keys()).toEqual([]);
      expect((await history('?page=1&page_size=10')).json().pagination.total_count).toBe(2);
    });

    it('answers 404 for an unknown table', async () => {
      expect((await history('', 999_999)).statusCode).toBe(404);
    });
  });
});
