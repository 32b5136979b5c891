import type { LightMyRequestResponse } from 'fastify';
import { adminToken, bearer, createStore, StoreFixture } from './support/fixtures';
import {
  MenuFixture,
  ORDERING_ENV,
  orderingWorld,
  outboxRows,
  placeOrder,
} from './support/ordering';
import { startTestApp, TestApp } from './support/test-app';

describe('moving and merging tables', () => {
  let testApp: TestApp;
  let store: StoreFixture;
  let menus: MenuFixture[];
  let admin: string;
  let tablets: string[];
  let ids: number[];

  beforeAll(async () => {
    testApp = await startTestApp(ORDERING_ENV);
  });
  beforeEach(async () => {
    ({
      store,
      menus,
      admin,
      tables: tablets,
    } = await orderingWorld(testApp, {
      tableCount: 3,
      tableLogins: 3,
    }));
    ids = store.tables.map((table) => table.id);
  });
  afterAll(() => testApp.close());

  const db = () => testApp.dataSource;
  const transfer = (
    kind: 'move' | 'merge',
    fromId: number,
    toId: number | undefined,
    token = admin,
  ) =>
    testApp.app.inject({
      method: 'POST',
      url: `/api/admin/tables/${fromId}/${kind}`,
      headers: bearer(token),
      payload:
        toId === undefined ? {} : kind === 'move' ? { to_table_id: toId } : { into_table_id: toId },
    });
  const order = async (tabletIndex: number, key?: string) => {
    const response = await placeOrder(testApp.app, tablets[tabletIndex], [[menus[0], 1]], key);
    expect(response.statusCode).toBe(201);
    return response.json();
  };
  const tabletOrders = async (tabletIndex: number) => {
    const response = await testApp.app.inject({
      method: 'GET',
      url: '/api/orders',
      headers: bearer(tablets[tabletIndex]),
    });
    expect(response.statusCode).toBe(200);
    return response
      .json()
      .map((o: { id: number }) => o.id)
      .sort((a: number, b: number) => a - b);
  };
  const staffCall = (tabletIndex: number, type: string) =>
    testApp.app.inject({
      method: 'POST',
      url: '/api/staff-calls',
      headers: bearer(tablets[tabletIndex]),
      payload: { type },
    });
  const errorOf = (response: LightMyRequestResponse) => [
    response.statusCode,
    response.json().error?.code,
  ];

  /** Every order placed is live in exactly one active session of its own table, or archived. */
  async function expectNoneLostOrStranded(placedIds: number[]): Promise<void> {
    const [{ in_ended }] = await db().query(
      `SELECT count(*)::int AS in_ended FROM orders o JOIN table_sessions s ON s.id = o.table_session_id
       WHERE NOT s.is_active OR s.table_id <> o.table_id`,
    );
    expect(in_ended).toBe(0);
    const rows: { id: number }[] = await db().query(
      `SELECT id FROM orders UNION ALL SELECT order_id FROM order_history ORDER BY 1`,
    );
    expect(rows.map((row) => row.id)).toEqual([...placedIds].sort((a, b) => a - b));
    const [{ tables_with_two }] = await db().query(
      `SELECT count(*)::int AS tables_with_two FROM (
         SELECT table_id FROM table_sessions WHERE is_active GROUP BY 1 HAVING count(*) > 1) x`,
    );
    expect(tables_with_two).toBe(0);
  }

  it('move: the session with its orders, open calls and total goes to the free table', async () => {
    const first = await order(0);
    const second = await order(0);
    const sessionId = first.table_session_id;
    expect((await staffCall(0, 'water')).statusCode).toBe(201);
    expect((await staffCall(0, 'bill')).statusCode).toBe(201);
    // The target had called for water before being seated: one water call stays, at the target.
    const targetWater = (await staffCall(1, 'water')).json();
    expect(await tabletOrders(0)).toEqual([first.id, second.id]); // fills the session cache

    const response = await transfer('move', ids[0], ids[1]);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      table_id: ids[1],
      session: {
        id: sessionId,
        started_at: expect.any(String),
        order_count: 2,
        total_amount: first.total_amount + second.total_amount,
      },
    });
    expect(await tabletOrders(0)).toEqual([]);
    expect(await tabletOrders(1)).toEqual([first.id, second.id]);
    expect(
      await db().query(`SELECT DISTINCT table_id FROM orders WHERE table_session_id = $1`, [
        sessionId,
      ]),
    ).toEqual([{ table_id: ids[1] }]);
    const calls = await db().query(`SELECT table_id, type, status FROM staff_calls ORDER BY id`);
    expect(calls).toEqual([
      { table_id: ids[0], type: 'water', status: 'acknowledged' },
      { table_id: ids[1], type: 'bill', status: 'open' },
      { table_id: ids[1], type: 'water', status: 'open' },
    ]);
    const acknowledged = await outboxRows(db(), 'staff_call.acknowledged');
    expect(acknowledged.map((row) => row.payload.data.table_id)).toEqual([ids[0]]);
    const [moved] = await outboxRows(db(), 'table_session.moved');
    expect(moved.payload).toEqual({
      event_id: expect.any(String),
      type: 'table_session.moved',
      occurred_at: expect.any(String),
      store_id: store.storeId,
      data: { from_table_id: ids[0], to_table_id: ids[1], session_id: sessionId },
    });
    expect(targetWater.table_id).toBe(ids[1]);

    // The source table is free: its next order opens a new session there.
    const next = await order(0);
    expect(next.table_session_id).not.toBe(sessionId);
    const tables = (
      await testApp.app.inject({ method: 'GET', url: '/api/admin/tables', headers: bearer(admin) })
    ).json();
    expect(
      tables.map((t: { session: { order_count: number } | null }) => t.session?.order_count ?? 0),
    ).toEqual([1, 2, 0]);
  });

  it('move: 409 TABLE_OCCUPIED onto a seated table, 409 NO_ACTIVE_SESSION from a free one, nothing changed', async () => {
    const a = await order(0);
    const b = await order(1);
    expect(errorOf(await transfer('move', ids[0], ids[1]))).toEqual([409, 'TABLE_OCCUPIED']);
    expect(errorOf(await transfer('move', ids[2], ids[1]))).toEqual([409, 'NO_ACTIVE_SESSION']);
    expect(await tabletOrders(0)).toEqual([a.id]);
    expect(await tabletOrders(1)).toEqual([b.id]);
    expect(await outboxRows(db(), 'table_session.moved')).toEqual([]);
  });

  it('merge: the orders join the target session; the source session ends with nothing archived', async () => {
    const a1 = await order(0, 'same-key');
    const a2 = await order(0);
    const b1 = await order(1, 'same-key');
    expect((await staffCall(0, 'utensils')).statusCode).toBe(201);
    expect(await tabletOrders(1)).toEqual([b1.id]); // fills the target's session cache

    const response = await transfer('merge', ids[0], ids[1]);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      table_id: ids[1],
      session: {
        id: b1.table_session_id,
        started_at: expect.any(String),
        order_count: 3,
        total_amount: a1.total_amount + a2.total_amount + b1.total_amount,
      },
    });
    expect(await tabletOrders(1)).toEqual([a1.id, a2.id, b1.id]);
    expect(await tabletOrders(0)).toEqual([]);
    const [source] = await db().query(
      `SELECT is_active, ended_at IS NOT NULL AS ended FROM table_sessions WHERE id = $1`,
      [a1.table_session_id],
    );
    expect(source).toEqual({ is_active: false, ended: true });
    expect(await db().query(`SELECT count(*)::int AS n FROM order_history`)).toEqual([{ n: 0 }]);
    // The target table already used the key: the joining order keeps no key (unique per table).
    expect(
      await db().query(`SELECT id, idempotency_key FROM orders WHERE idempotency_key IS NOT NULL`),
    ).toEqual([{ id: b1.id, idempotency_key: 'same-key' }]);
    expect(await db().query(`SELECT table_id, status FROM staff_calls`)).toEqual([
      { table_id: ids[1], status: 'open' },
    ]);
    const [merged] = await outboxRows(db(), 'table_session.merged');
    expect(merged.payload.data).toEqual({
      from_table_id: ids[0],
      to_table_id: ids[1],
      session_id: b1.table_session_id,
      merged_session_id: a1.table_session_id,
    });
    // Closing the merged table archives every order once.
    const end = await testApp.app.inject({
      method: 'POST',
      url: `/api/admin/tables/${ids[1]}/end-session`,
      headers: bearer(admin),
    });
    expect(end.json()).toMatchObject({ archived_orders: 3 });
    await expectNoneLostOrStranded([a1.id, a2.id, b1.id]);
  });

  it('merge: 409 NO_ACTIVE_SESSION when the target or the source has no session', async () => {
    const a = await order(0);
    expect(errorOf(await transfer('merge', ids[0], ids[1]))).toEqual([409, 'NO_ACTIVE_SESSION']);
    expect(errorOf(await transfer('merge', ids[1], ids[0]))).toEqual([409, 'NO_ACTIVE_SESSION']);
    expect(await tabletOrders(0)).toEqual([a.id]);
    expect(await outboxRows(db(), 'table_session.merged')).toEqual([]);
  });

  it('refuses a missing or self target with 400 and an unknown table with 404', async () => {
    await order(0);
    for (const kind of ['move', 'merge'] as const) {
      expect(errorOf(await transfer(kind, ids[0], undefined))).toEqual([400, 'VALIDATION_FAILED']);
      expect(errorOf(await transfer(kind, ids[0], ids[0]))).toEqual([400, 'VALIDATION_FAILED']);
      expect(errorOf(await transfer(kind, ids[0], 999_999))).toEqual([404, 'NOT_FOUND']);
      expect(errorOf(await transfer(kind, 999_999, ids[1]))).toEqual([404, 'NOT_FOUND']);
      expect((await transfer(kind, ids[0], ids[1], tablets[0])).statusCode).toBe(403);
    }
  });

  it('answers a missing target with one detail naming the field', async () => {
    for (const [kind, field] of [
      ['move', 'to_table_id'],
      ['merge', 'into_table_id'],
    ] as const) {
      const response = await transfer(kind, ids[0], undefined);
      expect(errorOf(response)).toEqual([400, 'VALIDATION_FAILED']);
      const { details } = response.json().error;
      expect(details).toHaveLength(1);
      expect(details[0]).toEqual({
        field,
        message: expect.stringContaining(`${field} must be an integer number`),
      });
    }
  });

  it("another store's table ids answer 404, in the path and in the body", async () => {
    await order(0);
    await order(1);
    const other = await createStore(db(), 'other', { tableCount: 2 });
    const intruder = await adminToken(testApp.app, other);
    const otherIds = other.tables.map((table) => table.id);
    for (const kind of ['move', 'merge'] as const) {
      expect(errorOf(await transfer(kind, ids[0], ids[2], intruder))).toEqual([404, 'NOT_FOUND']);
      expect(errorOf(await transfer(kind, otherIds[0], ids[1], intruder))).toEqual([
        404,
        'NOT_FOUND',
      ]);
      expect(errorOf(await transfer(kind, ids[0], otherIds[0]))).toEqual([404, 'NOT_FOUND']);
    }
    expect(await db().query(`SELECT DISTINCT table_id FROM orders ORDER BY 1`)).toEqual([
      { table_id: ids[0] },
      { table_id: ids[1] },
    ]);
  });

  for (const kind of ['move', 'merge'] as const) {
    it(`${kind} with 20 orders and an end-session racing on the source: every order live in one active session or archived`, async () => {
      const placed: number[] = [];
      for (let round = 0; round < 5; round++) {
        // Rows deleted rather than truncated: far cheaper for a few rows (see resetData).
        await db().query(
          `DELETE FROM order_items; DELETE FROM orders; DELETE FROM order_history; DELETE FROM table_sessions;`,
        );
        placed.length = 0;
        placed.push((await order(0)).id);
        if (kind === 'merge') placed.push((await order(1)).id);
        const racers = Array.from({ length: 20 }, (_, i) =>
          placeOrder(testApp.app, tablets[0], [[menus[i % 2], 1]]),
        );
        const ending = testApp.app.inject({
          method: 'POST',
          url: `/api/admin/tables/${ids[0]}/end-session`,
          headers: bearer(admin),
        });
        const [transferred, ended, ...orders] = await Promise.all([
          transfer(kind, ids[0], ids[1]),
          ending,
          ...racers,
        ]);
        expect(orders.map((response) => response.statusCode)).toEqual(Array(20).fill(201));
        placed.push(...orders.map((response) => response.json().id));
        // The transfer and the end-session each find the session or answer 409 after the other.
        expect([200, 409]).toContain(transferred.statusCode);
        expect([200, 409]).toContain(ended.statusCode);
        await expectNoneLostOrStranded(placed);
        if (transferred.statusCode === 200) {
          // The answer is the target's session as the transfer left it, which no later racer
          // changes (they order at the source table): the rows counted say the same.
          const { table_id: tableId, session } = transferred.json();
          expect(tableId).toBe(ids[1]);
          const [rows] = await db().query(
            `SELECT count(*)::int AS order_count, coalesce(sum(total_amount), 0)::int AS total_amount
             FROM orders WHERE table_session_id = $1 AND table_id = $2`,
            [session.id, ids[1]],
          );
          expect(rows).toEqual({
            order_count: session.order_count,
            total_amount: session.total_amount,
          });
        }
      }
    });
  }
});
