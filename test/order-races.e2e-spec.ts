import { adminToken, bearer, StoreFixture } from './support/fixtures';
import {
  MenuFixture,
  ORDERING_ENV,
  orderingWorld,
  outboxRows,
  placeOrder,
} from './support/ordering';
import { startTestApp, TestApp } from './support/test-app';

/** Concurrency rules that PostgreSQL (row locks, unique indexes) must hold. */
describe('order races', () => {
  let testApp: TestApp;
  let store: StoreFixture;
  let menus: MenuFixture[];
  let admin: string;
  let table1: string;

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
  });
  afterAll(() => testApp.close());

  const db = () => testApp.dataSource;

  it('50 concurrent first orders at one table open exactly one session holding all 50', async () => {
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        placeOrder(testApp.app, table1, [[menus[i % 2], 1 + (i % 3)]]),
      ),
    );
    expect(responses.map((response) => response.statusCode)).toEqual(Array(50).fill(201));
    const orders = responses.map((response) => response.json());
    const sessionIds = new Set(orders.map((order) => order.table_session_id));
    expect(sessionIds.size).toBe(1);

    const sessions = await db().query(
      `SELECT id, is_active FROM table_sessions WHERE table_id = $1`,
      [store.tables[0].id],
    );
    expect(sessions).toEqual([{ id: [...sessionIds][0], is_active: true }]);
    const [{ n }] = await db().query(
      `SELECT count(*)::int AS n FROM orders WHERE table_session_id = $1`,
      [sessions[0].id],
    );
    expect(n).toBe(50);
    const sequences = orders
      .map((order) => Number(order.order_number.split('-')[1]))
      .sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('one Idempotency-Key sent 10 times at once creates one order and returns it to every sender', async () => {
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        placeOrder(testApp.app, table1, [[menus[0], 2]], 'double-tap'),
      ),
    );
    const statuses = responses.map((response) => response.statusCode).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    const ids = new Set(responses.map((response) => response.json().id));
    expect(ids.size).toBe(1);
    expect(await db().query(`SELECT count(*)::int AS n FROM orders`)).toEqual([{ n: 1 }]);
    expect(await outboxRows(db(), 'order.created')).toHaveLength(1);
  });

  it('an order racing end-session is archived in the ended session or live in the next one, never lost', async () => {
    const endSession = () =>
      testApp.app.inject({
        method: 'POST',
        url: `/api/admin/tables/${store.tables[0].id}/end-session`,
        headers: bearer(admin),
      });
    const placed: { id: number; table_session_id: number }[] = [];
    const outcomes = { archived: 0, next: 0 };

    for (let round = 0; round < 15; round++) {
      const seed = await placeOrder(testApp.app, table1, [[menus[0], 1]]);
      expect(seed.statusCode).toBe(201);
      placed.push(seed.json());

      const racers = Array.from({ length: 6 }, () =>
        placeOrder(testApp.app, table1, [[menus[1], 1]]),
      );
      const ending = endSession();
      const [ended, ...orders] = await Promise.all([ending, ...racers]);
      expect(ended.statusCode).toBe(200);
      expect(orders.map((response) => response.statusCode)).toEqual(Array(6).fill(201));
      const endedSession: number = ended.json().session_id;

      const archivedIds = (
        await db().query(`SELECT order_id FROM order_history WHERE table_session_id = $1`, [
          endedSession,
        ])
      ).map((row: { order_id: number }) => row.order_id);
      expect(ended.json().archived_orders).toBe(archivedIds.length);
      for (const response of [seed, ...orders]) {
        const order = response.json();
        if (order.table_session_id === endedSession) {
          expect(archivedIds).toContain(order.id);
          if (response !== seed) outcomes.archived++;
        } else {
          const [live] = await db().query(
            `SELECT s.is_active FROM orders o JOIN table_sessions s ON s.id = o.table_session_id
             WHERE o.id = $1 AND o.table_session_id = $2`,
            [order.id, order.table_session_id],
          );
          expect(live).toEqual({ is_active: true });
          outcomes.next++;
        }
      }
      placed.push(...orders.map((response) => response.json()));
    }

    const [{ in_ended }] = await db().query(
      `SELECT count(*)::int AS in_ended FROM orders o JOIN table_sessions s ON s.id = o.table_session_id
       WHERE NOT s.is_active`,
    );
    expect(in_ended).toBe(0);
    const [{ live }] = await db().query(`SELECT count(*)::int AS live FROM orders`);
    const [{ archived }] = await db().query(`SELECT count(*)::int AS archived FROM order_history`);
    const [{ both }] = await db().query(
      `SELECT count(*)::int AS both FROM orders o JOIN order_history h ON h.order_id = o.id`,
    );
    expect(both).toBe(0);
    expect(live + archived).toBe(placed.length);
    const [{ active }] = await db().query(
      `SELECT count(*)::int AS active FROM table_sessions WHERE table_id = $1 AND is_active`,
      [store.tables[0].id],
    );
    expect(active).toBeLessThanOrEqual(1);
    console.info(
      `order vs end-session: ${outcomes.archived} racers archived, ${outcomes.next} in the next session`,
    );
  });

  it('two admins moving one order at once get one consistent result', async () => {
    const patch = (id: number, status: string) =>
      testApp.app.inject({
        method: 'PATCH',
        url: `/api/admin/orders/${id}/status`,
        headers: bearer(admin),
        payload: { status },
      });
    const otherAdmin = await adminToken(testApp.app, store);

    for (let round = 0; round < 8; round++) {
      const { id } = (await placeOrder(testApp.app, table1, [[menus[0], 1]])).json();
      const same = await Promise.all([patch(id, 'preparing'), patch(id, 'preparing')]);
      expect(same.map((response) => response.statusCode).sort()).toEqual([200, 409]);

      const { id: second } = (await placeOrder(testApp.app, table1, [[menus[0], 1]])).json();
      const [toPreparing, toCompleted] = await Promise.all([
        patch(second, 'preparing'),
        testApp.app.inject({
          method: 'PATCH',
          url: `/api/admin/orders/${second}/status`,
          headers: bearer(otherAdmin),
          payload: { status: 'completed' },
        }),
      ]);
      expect(toCompleted.statusCode).toBe(200);
      expect([200, 409]).toContain(toPreparing.statusCode);

      for (const [orderId, finalStatus, successes] of [
        [id, 'preparing', 1],
        [
          second,
          'completed',
          [toPreparing, toCompleted].filter((r) => r.statusCode === 200).length,
        ],
      ] as const) {
        const [row] = await db().query(`SELECT status FROM orders WHERE id = $1`, [orderId]);
        expect(row.status).toBe(finalStatus);
        const chain = (await outboxRows(db(), 'order.status_changed'))
          .map((event) => event.payload.data)
          .filter((data) => data.order_id === orderId);
        expect(chain).toHaveLength(successes);
        expect(chain[0].old_status).toBe('pending');
        for (let i = 1; i < chain.length; i++)
          expect(chain[i].old_status).toBe(chain[i - 1].new_status);
        expect(chain.at(-1)!.new_status).toBe(finalStatus);
      }
    }
  });
});
