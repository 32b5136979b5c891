import { SessionCacheService } from '../src/orders/session-cache.service';
import { RedisService } from '../src/infrastructure/redis/redis.service';
import { adminToken, bearer, createStore, StoreFixture, tableToken } from './support/fixtures';
import {
  breakOutbox,
  cacheLookups,
  createMenus,
  dayIn,
  MenuFixture,
  ORDERING_ENV,
  orderingWorld,
  outboxRows,
  placeOrder,
} from './support/ordering';
import { resetData, startTestApp, TestApp } from './support/test-app';

describe('placing orders (POST /api/orders, GET /api/orders)', () => {
  let testApp: TestApp;
  let store: StoreFixture;
  let menus: MenuFixture[];
  let table1: string;
  let table2: string;

  beforeAll(async () => {
    testApp = await startTestApp(ORDERING_ENV);
  });
  beforeEach(async () => {
    ({
      store,
      menus,
      tables: [table1, table2],
    } = await orderingWorld(testApp, {
      admin: false,
      tableLogins: 2,
      menus: [
        { name: 'Bibimbap', price: 9000 },
        { name: 'Bulgogi', price: 15000 },
        { name: 'Cola', price: 2000 },
        { name: 'Sold out soup', price: 7000, available: false },
        { name: 'Retired noodles', price: 8000, deleted: true },
      ],
    }));
  });
  afterAll(() => testApp.close());

  const db = () => testApp.dataSource;
  const count = async (sql: string, params: unknown[] = []) =>
    Number((await db().query(sql, params))[0].n);

  it('creates the order with snapshots, a server-side total and a Seoul business-day number', async () => {
    const response = await placeOrder(testApp.app, table1, [
      [menus[0], 2],
      [menus[2], 3],
    ]);
    expect(response.statusCode).toBe(201);
    const order = response.json();
    expect(Object.keys(order).sort()).toEqual(
      [
        'created_at',
        'id',
        'items',
        'note',
        'order_number',
        'placed_by',
        'status',
        'table_session_id',
        'total_amount',
      ].sort(),
    );
    expect(order).toMatchObject({
      status: 'pending',
      total_amount: 2 * 9000 + 3 * 2000,
      items: [
        {
          menu_id: menus[0].id,
          menu_name: 'Bibimbap',
          unit_price: 9000,
          quantity: 2,
          subtotal: 18000,
        },
        { menu_id: menus[2].id, menu_name: 'Cola', unit_price: 2000, quantity: 3, subtotal: 6000 },
      ],
    });
    expect(order.order_number).toBe(`${dayIn('Asia/Seoul', order.created_at)}-0001`);
    expect(new Date(order.created_at).toISOString()).toBe(order.created_at);

    const [row] = await db().query(`SELECT * FROM orders WHERE id = $1`, [order.id]);
    expect(row).toMatchObject({
      store_id: store.storeId,
      table_id: store.tables[0].id,
      table_session_id: order.table_session_id,
      total_amount: 24000,
    });
    const items = await db().query(
      `SELECT menu_id, menu_name, unit_price, quantity FROM order_items WHERE order_id = $1 ORDER BY id`,
      [order.id],
    );
    expect(items).toEqual([
      { menu_id: menus[0].id, menu_name: 'Bibimbap', unit_price: 9000, quantity: 2 },
      { menu_id: menus[2].id, menu_name: 'Cola', unit_price: 2000, quantity: 3 },
    ]);
    const [session] = await db().query(`SELECT * FROM table_sessions WHERE id = $1`, [
      order.table_session_id,
    ]);
    expect(session).toMatchObject({
      table_id: store.tables[0].id,
      is_active: true,
      ended_at: null,
    });
  });

  it('keeps the price and name of the moment of ordering', async () => {
    const first = (await placeOrder(testApp.app, table1, [[menus[1], 1]])).json();
    await db().query(`UPDATE menus SET price = 17000, name = 'Bulgogi deluxe' WHERE id = $1`, [
      menus[1].id,
    ]);
    const second = (await placeOrder(testApp.app, table1, [[menus[1], 1]])).json();
    expect(first.items[0]).toMatchObject({ menu_name: 'Bulgogi', unit_price: 15000 });
    expect(second.items[0]).toMatchObject({ menu_name: 'Bulgogi deluxe', unit_price: 17000 });

    const admin = await adminToken(testApp.app, store);
    const reread = await testApp.app.inject({
      method: 'GET',
      url: `/api/admin/orders/${first.id}`,
      headers: bearer(admin),
    });
    expect(reread.json()).toMatchObject({ total_amount: 15000, items: [{ unit_price: 15000 }] });
  });

  it('numbers orders per store and day, and reuses the active session of the table', async () => {
    const other = await createStore(db(), 'beta', { tableCount: 1 });
    const [otherMenu] = await createMenus(db(), other.storeId, [{ name: 'Tea', price: 3000 }]);
    const a1 = (await placeOrder(testApp.app, table1, [[menus[0], 1]])).json();
    const a2 = (await placeOrder(testApp.app, table2, [[menus[0], 1]])).json();
    const a3 = (await placeOrder(testApp.app, table1, [[menus[0], 1]])).json();
    const b1 = (
      await placeOrder(testApp.app, await tableToken(testApp.app, other), [[otherMenu, 1]])
    ).json();

    expect([a1, a2, a3].map((order) => order.order_number.slice(-5))).toEqual([
      '-0001',
      '-0002',
      '-0003',
    ]);
    expect(b1.order_number.slice(-5)).toBe('-0001');
    expect(a3.table_session_id).toBe(a1.table_session_id);
    expect(a2.table_session_id).not.toBe(a1.table_session_id);
    expect(await count(`SELECT count(*) AS n FROM table_sessions WHERE is_active`)).toBe(3);
  });

  it('answers 422 MENU_NOT_AVAILABLE naming every menu that cannot be ordered, and writes nothing', async () => {
    const other = await createStore(db(), 'beta', { tableCount: 1 });
    const [foreign] = await createMenus(db(), other.storeId, [{ name: 'Foreign', price: 1000 }]);
    const response = await placeOrder(testApp.app, table1, [
      [menus[0], 1],
      [menus[3], 1],
      [menus[4], 1],
      [foreign, 1],
      [999_999, 1],
    ]);
    expect(response.statusCode).toBe(422);
    const { error } = response.json();
    expect(error.code).toBe('MENU_NOT_AVAILABLE');
    expect(error.details.map((detail: { menu_id: number }) => detail.menu_id)).toEqual([
      menus[3].id,
      menus[4].id,
      foreign.id,
      999_999,
    ]);
    expect(error.details.map((detail: { field: string }) => detail.field)).toEqual([
      'items.1.menu_id',
      'items.2.menu_id',
      'items.3.menu_id',
      'items.4.menu_id',
    ]);
    expect(await count(`SELECT count(*) AS n FROM orders`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM table_sessions`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM order_number_counters`)).toBe(0);
    expect(await outboxRows(db())).toEqual([]);
  });

  const invalidBodies: [string, unknown, string[]][] = [
    ['no items field', {}, ['items']],
    ['items not an array', { items: 'bibimbap' }, ['items']],
    ['an empty order', { items: [] }, ['items']],
    ['menu_id 0', { items: [{ menu_id: 0, quantity: 1 }] }, ['items.0.menu_id']],
    ['a negative menu_id', { items: [{ menu_id: -4, quantity: 1 }] }, ['items.0.menu_id']],
    ['menu_id as a string', { items: [{ menu_id: '1', quantity: 1 }] }, ['items.0.menu_id']],
    ['a fractional menu_id', { items: [{ menu_id: 1.5, quantity: 1 }] }, ['items.0.menu_id']],
    [
      'menu_id beyond int4',
      { items: [{ menu_id: 2_147_483_648, quantity: 1 }] },
      ['items.0.menu_id'],
    ],
    ['quantity 0', { items: [{ menu_id: 1, quantity: 0 }] }, ['items.0.quantity']],
    ['quantity 101', { items: [{ menu_id: 1, quantity: 101 }] }, ['items.0.quantity']],
    ['a missing quantity', { items: [{ menu_id: 1 }] }, ['items.0.quantity']],
    [
      'a repeated menu_id',
      {
        items: [
          { menu_id: 1, quantity: 1 },
          { menu_id: 1, quantity: 2 },
        ],
      },
      ['items'],
    ],
    [
      'more than 50 lines',
      { items: Array.from({ length: 51 }, (_, i) => ({ menu_id: i + 1, quantity: 1 })) },
      ['items'],
    ],
    [
      'an unknown top-level field',
      { items: [{ menu_id: 1, quantity: 1 }], total_amount: 1 },
      ['total_amount'],
    ],
    [
      'an unknown item field',
      { items: [{ menu_id: 1, quantity: 1, unit_price: 1 }] },
      ['items.0.unit_price'],
    ],
  ];

  it.each(invalidBodies)(
    'rejects %s with 400 VALIDATION_FAILED and field details',
    async (_name, payload, fields) => {
      const response = await testApp.app.inject({
        method: 'POST',
        url: '/api/orders',
        headers: bearer(table1),
        payload: payload as object,
      });
      expect(response.statusCode).toBe(400);
      const { error } = response.json();
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.details.map((detail: { field: string }) => detail.field)).toEqual(
        expect.arrayContaining(fields),
      );
      expect(await count(`SELECT count(*) AS n FROM orders`)).toBe(0);
    },
  );

  it.each([
    ['an order note', { items: [{ menu_id: 1, quantity: 1 }], note: 5 }, 'note'],
    ['a line note', { items: [{ menu_id: 1, quantity: 1, note: 5 }] }, 'items.0.note'],
  ])(
    'answers %s of the wrong type with one detail naming the field',
    async (_name, payload, field) => {
      const response = await testApp.app.inject({
        method: 'POST',
        url: '/api/orders',
        headers: bearer(table1),
        payload,
      });
      expect(response.statusCode).toBe(400);
      const { error } = response.json();
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.details).toHaveLength(1);
      expect(error.details[0]).toEqual({
        field,
        message: expect.stringContaining('must be a string'),
      });
    },
  );

  it('is for tables only', async () => {
    const admin = await adminToken(testApp.app, store);
    expect((await placeOrder(testApp.app, admin, [[menus[0], 1]])).statusCode).toBe(403);
    const list = await testApp.app.inject({
      method: 'GET',
      url: '/api/orders',
      headers: bearer(admin),
    });
    expect(list.statusCode).toBe(403);
    expect((await testApp.app.inject({ method: 'GET', url: '/api/orders' })).statusCode).toBe(401);
  });

  describe('Idempotency-Key', () => {
    it('replays the first order with 200 and the same body, never creating a second', async () => {
      const first = await placeOrder(testApp.app, table1, [[menus[0], 2]], 'key-1');
      const again = await placeOrder(testApp.app, table1, [[menus[0], 2]], 'key-1');
      expect(first.statusCode).toBe(201);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      expect(again.statusCode).toBe(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      const fromTablet = await testApp.app.inject({
        method: 'POST',
        url: '/api/orders',
        headers: { ...bearer(table1), origin: 'http://localhost:3000', 'idempotency-key': 'key-1' },
        payload: { items: [{ menu_id: menus[0].id, quantity: 2 }] },
      });
      expect(String(fromTablet.headers['access-control-expose-headers'])).toContain(
        'Idempotent-Replayed',
      );
      expect(again.json()).toEqual(first.json());
      expect(await count(`SELECT count(*) AS n FROM orders`)).toBe(1);
      expect(await outboxRows(db(), 'order.created')).toHaveLength(1);
    });

    it('refuses other items under a used key with 422 IDEMPOTENCY_KEY_REUSED', async () => {
      await placeOrder(testApp.app, table1, [[menus[0], 2]], 'key-1');
      const response = await placeOrder(testApp.app, table1, [[menus[0], 3]], 'key-1');
      expect(response.statusCode).toBe(422);
      expect(response.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect(await count(`SELECT count(*) AS n FROM orders`)).toBe(1);
    });

    it('scopes keys per table', async () => {
      const a = await placeOrder(testApp.app, table1, [[menus[0], 1]], 'shared');
      const b = await placeOrder(testApp.app, table2, [[menus[0], 1]], 'shared');
      expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
      expect(b.json().id).not.toBe(a.json().id);
    });

    it('still replays the order after its session ended, without opening a new session', async () => {
      const first = (await placeOrder(testApp.app, table1, [[menus[1], 1]], 'late-retry')).json();
      const admin = await adminToken(testApp.app, store);
      const ended = await testApp.app.inject({
        method: 'POST',
        url: `/api/admin/tables/${store.tables[0].id}/end-session`,
        headers: bearer(admin),
      });
      expect(ended.statusCode).toBe(200);

      const retry = await placeOrder(testApp.app, table1, [[menus[1], 1]], 'late-retry');
      expect(retry.statusCode).toBe(200);
      expect(retry.json()).toEqual(first);
      expect(await count(`SELECT count(*) AS n FROM orders`)).toBe(0);
      expect(await count(`SELECT count(*) AS n FROM table_sessions WHERE is_active`)).toBe(0);
    });

    it.each([
      ['longer than 64 characters', 'k'.repeat(65)],
      ['with a space', 'two words'],
      ['empty', ''],
    ])('rejects a key %s with 400', async (_name, key) => {
      const response = await placeOrder(testApp.app, table1, [[menus[0], 1]], key);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.details[0].field).toBe('Idempotency-Key');
    });
  });

  describe('outbox', () => {
    it('writes order.created with the admin view of the order', async () => {
      const order = (await placeOrder(testApp.app, table1, [[menus[0], 1]])).json();
      const [event] = await outboxRows(db());
      expect(event.routing_key).toBe('order.created');
      expect(event.store_id).toBe(store.storeId);
      expect(event.payload).toMatchObject({ type: 'order.created', store_id: store.storeId });
      expect(event.payload.data).toEqual({
        ...order,
        table_id: store.tables[0].id,
        table_number: 1,
        updated_at: order.created_at,
      });
    });

    it('shares the transaction: when the event cannot be written, no order, session or number exists', async () => {
      const repair = await breakOutbox(db());
      try {
        const response = await placeOrder(testApp.app, table1, [[menus[0], 1]]);
        expect(response.statusCode).toBe(500);
        expect(response.json().error.code).toBe('INTERNAL_ERROR');
      } finally {
        await repair();
      }
      expect(await count(`SELECT count(*) AS n FROM orders`)).toBe(0);
      expect(await count(`SELECT count(*) AS n FROM order_items`)).toBe(0);
      expect(await count(`SELECT count(*) AS n FROM table_sessions`)).toBe(0);
      expect(await count(`SELECT count(*) AS n FROM order_number_counters`)).toBe(0);
      const next = (await placeOrder(testApp.app, table1, [[menus[0], 1]])).json();
      expect(next.order_number.endsWith('-0001')).toBe(true);
    });
  });

  describe('GET /api/orders', () => {
    const list = (token: string) =>
      testApp.app.inject({ method: 'GET', url: '/api/orders', headers: bearer(token) });

    it("lists the current session's orders newest first, with items, and nothing of other tables", async () => {
      expect((await list(table1)).json()).toEqual([]);
      const first = (await placeOrder(testApp.app, table1, [[menus[0], 1]])).json();
      const second = (
        await placeOrder(testApp.app, table1, [
          [menus[1], 2],
          [menus[2], 1],
        ])
      ).json();
      await placeOrder(testApp.app, table2, [[menus[2], 5]]);

      const response = await list(table1);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual([second, first]);
    });

    it('caches the view under session:{id} and drops it when an order is added', async () => {
      const redis = testApp.app.get(RedisService).client;
      const first = (await placeOrder(testApp.app, table1, [[menus[0], 1]])).json();
      const key = SessionCacheService.key(first.table_session_id);
      expect(key).toBe(`session:${first.table_session_id}`);

      const [hits, misses] = await Promise.all([
        cacheLookups(testApp.app, 'session', 'hit'),
        cacheLookups(testApp.app, 'session', 'miss'),
      ]);
      await list(table1);
      await list(table1);
      expect(await cacheLookups(testApp.app, 'session', 'miss')).toBe(misses + 1);
      expect(await cacheLookups(testApp.app, 'session', 'hit')).toBe(hits + 1);
      expect(JSON.parse((await redis.get(key))!)).toEqual([first]);
      expect(await redis.ttl(key)).toBeGreaterThan(3000);

      const second = (await placeOrder(testApp.app, table1, [[menus[1], 1]])).json();
      expect(await redis.exists(key)).toBe(0);
      expect((await list(table1)).json()).toEqual([second, first]);
    });

    it('shows nothing once the session ended, and only the new session after the next order', async () => {
      await placeOrder(testApp.app, table1, [[menus[0], 1]]);
      await list(table1);
      const admin = await adminToken(testApp.app, store);
      await testApp.app.inject({
        method: 'POST',
        url: `/api/admin/tables/${store.tables[0].id}/end-session`,
        headers: bearer(admin),
      });
      expect((await list(table1)).json()).toEqual([]);
      const next = (await placeOrder(testApp.app, table1, [[menus[2], 1]])).json();
      expect((await list(table1)).json()).toEqual([next]);
    });
  });
});

describe('business day in a configured STORE_TIMEZONE', () => {
  let testApp: TestApp;
  afterAll(() => testApp.close());

  it('dates order numbers in that zone', async () => {
    testApp = await startTestApp({ ...ORDERING_ENV, STORE_TIMEZONE: 'Pacific/Pago_Pago' });
    await resetData(testApp);
    const store = await createStore(testApp.dataSource, 'gamma', { tableCount: 1 });
    const [menu] = await createMenus(testApp.dataSource, store.storeId, [
      { name: 'Tea', price: 3000 },
    ]);
    const order = (
      await placeOrder(testApp.app, await tableToken(testApp.app, store), [[menu, 1]])
    ).json();
    expect(order.order_number).toBe(`${dayIn('Pacific/Pago_Pago', order.created_at)}-0001`);
    const [counter] = await testApp.dataSource.query(
      `SELECT to_char(business_date, 'YYYYMMDD') AS day FROM order_number_counters`,
    );
    expect(counter.day).toBe(dayIn('Pacific/Pago_Pago', order.created_at));
  });
});
