import { adminToken, bearer, createStore, StoreFixture, tableToken } from './support/fixtures';
import { expectTenantIsolation } from './support/isolation';
import { MenuFixture, orderingWorld, outboxRows, placeOrder } from './support/ordering';
import { listenForStreams, SseReader } from './support/sse-reader';
import { startTestApp, TestApp } from './support/test-app';

describe('staff calls', () => {
  let testApp: TestApp;
  let store: StoreFixture;
  let menus: MenuFixture[];
  let admin: string;
  let table1: string;
  let table2: string;
  let port: number;

  beforeAll(async () => {
    // The staff-call limit keeps its default (20 a minute per table); the general one is lifted.
    testApp = await startTestApp();
    port = await listenForStreams(testApp);
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
  const call = (token: string, payload: object) =>
    testApp.app.inject({
      method: 'POST',
      url: '/api/staff-calls',
      headers: bearer(token),
      payload,
    });
  const acknowledge = (id: number, token = admin) =>
    testApp.app.inject({
      method: 'POST',
      url: `/api/admin/staff-calls/${id}/acknowledge`,
      headers: bearer(token),
    });
  const list = (query = '') =>
    testApp.app.inject({
      method: 'GET',
      url: `/api/admin/staff-calls${query}`,
      headers: bearer(admin),
    });

  it('a table without a session calls staff: 201 with the open call, announced in the outbox', async () => {
    const response = await call(table1, { type: 'water', message: '  물 두 잔 주세요 ' });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toEqual({
      id: expect.any(Number),
      type: 'water',
      message: '물 두 잔 주세요',
      status: 'open',
      table_id: store.tables[0].id,
      table_number: 1,
      created_at: expect.any(String),
      acknowledged_at: null,
    });
    expect(new Date(body.created_at).toISOString()).toBe(body.created_at);
    const [event] = await outboxRows(db(), 'staff_call.created');
    expect(event.payload).toEqual({
      event_id: expect.any(String),
      type: 'staff_call.created',
      occurred_at: expect.any(String),
      store_id: store.storeId,
      data: body,
    });

    const plain = await call(table1, { type: 'bill' });
    expect(plain.statusCode).toBe(201);
    expect(plain.json().message).toBeNull();
  });

  it('the same type still open answers 200 with that call; another type or table is a new call', async () => {
    const first = (await call(table1, { type: 'water' })).json();
    const again = await call(table1, { type: 'water', message: 'please' });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first);
    expect((await call(table1, { type: 'utensils' })).statusCode).toBe(201);
    expect((await call(table2, { type: 'water' })).statusCode).toBe(201);
    expect(await outboxRows(db(), 'staff_call.created')).toHaveLength(3);
  });

  it('10 concurrent taps make exactly one call and one event', async () => {
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => call(table1, { type: 'staff' })),
    );
    expect(responses.map((response) => response.statusCode).sort()).toEqual([
      ...Array(9).fill(200),
      201,
    ]);
    expect(new Set(responses.map((response) => response.json().id)).size).toBe(1);
    expect(
      await db().query(`SELECT count(*)::int AS n FROM staff_calls WHERE table_id = $1`, [
        store.tables[0].id,
      ]),
    ).toEqual([{ n: 1 }]);
    expect(await outboxRows(db(), 'staff_call.created')).toHaveLength(1);
  });

  it('refuses a bad type, an over-long message and control characters with 400, writing nothing', async () => {
    for (const payload of [
      { type: 'dessert' },
      {},
      { type: 'other', message: 'x'.repeat(101) },
      { type: 'other', message: 'line\nbreak' },
      { type: 'other', message: 'water\u202Eplease' },
      { type: 'other', message: 42 },
      { type: 'other', extra: true },
    ]) {
      const response = await call(table1, payload);
      expect([JSON.stringify(payload), response.statusCode]).toEqual([
        JSON.stringify(payload),
        400,
      ]);
      expect(response.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect((await call(table1, { type: 'other', message: '가'.repeat(100) })).statusCode).toBe(201);
    expect(await db().query(`SELECT count(*)::int AS n FROM staff_calls`)).toEqual([{ n: 1 }]);
  });

  it('only tables call; only store admins list and acknowledge', async () => {
    expect((await call(admin, { type: 'water' })).statusCode).toBe(403);
    const created = (await call(table1, { type: 'water' })).json();
    expect((await acknowledge(created.id, table1)).statusCode).toBe(403);
    const asTable = await testApp.app.inject({
      method: 'GET',
      url: '/api/admin/staff-calls',
      headers: bearer(table1),
    });
    expect(asTable.statusCode).toBe(403);
  });

  it('lists the store calls newest first, filtered by status', async () => {
    const water = (await call(table1, { type: 'water' })).json();
    const bill = (await call(table2, { type: 'bill' })).json();
    const other = (await call(table1, { type: 'other' })).json();
    await acknowledge(bill.id);

    expect((await list()).json().map((c: { id: number }) => c.id)).toEqual([
      other.id,
      bill.id,
      water.id,
    ]);
    expect((await list('?status=open')).json().map((c: { id: number }) => c.id)).toEqual([
      other.id,
      water.id,
    ]);
    const acknowledged = (await list('?status=acknowledged')).json();
    expect(acknowledged).toEqual([
      { ...bill, status: 'acknowledged', acknowledged_at: expect.any(String) },
    ]);
    expect((await list('?status=closed')).statusCode).toBe(400);
  });

  it('acknowledging answers the call; again is 409 CONFLICT; a new call of the type opens afterwards', async () => {
    const created = (await call(table1, { type: 'water' })).json();
    const response = await acknowledge(created.id);
    expect(response.statusCode).toBe(200);
    const acknowledged = response.json();
    expect(acknowledged).toEqual({
      ...created,
      status: 'acknowledged',
      acknowledged_at: expect.any(String),
    });
    const again = await acknowledge(created.id);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('CONFLICT');
    expect((await acknowledge(999_999)).statusCode).toBe(404);

    const [event] = await outboxRows(db(), 'staff_call.acknowledged');
    expect(event.payload.data).toEqual(acknowledged);
    const next = await call(table1, { type: 'water' });
    expect(next.statusCode).toBe(201);
    expect(next.json().id).not.toBe(created.id);
  });

  it('two admins acknowledging at once: one 200, one 409, one event', async () => {
    const second = await adminToken(testApp.app, store);
    const created = (await call(table1, { type: 'bill' })).json();
    const responses = await Promise.all([acknowledge(created.id), acknowledge(created.id, second)]);
    expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 409]);
    expect(await outboxRows(db(), 'staff_call.acknowledged')).toHaveLength(1);
  });

  it("ending a table's session acknowledges its open calls in the same transaction", async () => {
    expect((await placeOrder(testApp.app, table1, [[menus[0], 1]])).statusCode).toBe(201);
    const water = (await call(table1, { type: 'water' })).json();
    const bill = (await call(table1, { type: 'bill' })).json();
    const elsewhere = (await call(table2, { type: 'water' })).json();
    const end = await testApp.app.inject({
      method: 'POST',
      url: `/api/admin/tables/${store.tables[0].id}/end-session`,
      headers: bearer(admin),
    });
    expect(end.statusCode).toBe(200);

    const rows = await db().query(
      `SELECT id, status, acknowledged_at IS NOT NULL AS acknowledged FROM staff_calls ORDER BY id`,
    );
    expect(rows).toEqual([
      { id: water.id, status: 'acknowledged', acknowledged: true },
      { id: bill.id, status: 'acknowledged', acknowledged: true },
      { id: elsewhere.id, status: 'open', acknowledged: false },
    ]);
    const events = await outboxRows(db(), 'staff_call.acknowledged');
    expect(events.map((event) => event.payload.data.id).sort()).toEqual([water.id, bill.id].sort());
    expect(events.every((event) => event.payload.data.table_id === store.tables[0].id)).toBe(true);
    expect((await list('?status=open')).json()).toEqual([elsewhere]);
  });

  it('the admin stream carries staff_call.created and staff_call.acknowledged', async () => {
    const reader = await SseReader.open(port, '/api/admin/orders/stream', bearer(admin));
    try {
      await reader.nextFrame((frame) => frame.event === 'snapshot', 'the snapshot');
      const created = (await call(table1, { type: 'utensils' })).json();
      const createdFrame = await reader.nextFrame(
        (frame) => frame.event === 'staff_call.created',
        'staff_call.created',
      );
      expect(JSON.parse(createdFrame.data!).data).toEqual(created);
      const acknowledged = (await acknowledge(created.id)).json();
      const acknowledgedFrame = await reader.nextFrame(
        (frame) => frame.event === 'staff_call.acknowledged',
        'staff_call.acknowledged',
      );
      expect(JSON.parse(acknowledgedFrame.data!).data).toEqual(acknowledged);
    } finally {
      reader.close();
    }
  });

  it('limits calls per table: beyond 20 a minute 429 RATE_LIMIT_EXCEEDED, other tables unaffected', async () => {
    const types = ['water', 'utensils', 'bill', 'staff', 'other'];
    for (let i = 0; i < 20; i++) {
      const response = await call(table1, { type: types[i % types.length] });
      expect([i, response.statusCode]).toEqual([i, i < types.length ? 201 : 200]);
    }
    const refused = await call(table1, { type: 'water' });
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('RATE_LIMIT_EXCEEDED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await call(table2, { type: 'water' })).statusCode).toBe(201);
    // Other routes of the limited table keep the general budget.
    const orders = await testApp.app.inject({
      method: 'GET',
      url: '/api/orders',
      headers: bearer(table1),
    });
    expect(orders.statusCode).toBe(200);
  });

  it("another store's ids answer 404", async () => {
    const created = (await call(table1, { type: 'water' })).json();
    const intruderStore = await createStore(db(), 'intruder', { tableCount: 1 });
    const intruder = {
      store_admin: await adminToken(testApp.app, intruderStore),
      table: await tableToken(testApp.app, intruderStore),
    };
    await expectTenantIsolation(testApp.app, {
      intruder,
      owner: { store_admin: admin, table: table1 },
      ids: { callId: created.id },
      cases: [
        {
          method: 'POST',
          url: ({ callId }) => `/api/admin/staff-calls/${callId}/acknowledge`,
          as: ['store_admin'],
          ownerStatus: 200,
        },
      ],
    });
    const intruderList = await testApp.app.inject({
      method: 'GET',
      url: '/api/admin/staff-calls',
      headers: bearer(intruder.store_admin),
    });
    expect(intruderList.json()).toEqual([]);
  });
});
