import { adminToken, bearer, createStore, StoreFixture, tableToken } from './support/fixtures';
import { expectTenantIsolation } from './support/isolation';
import { EXAMPLE_OPTION_GROUPS, OptionGroupFixture, putOptionGroups } from './support/menu-helpers';
import {
  MenuFixture,
  ORDERING_ENV,
  orderingWorld,
  outboxRows,
  placeOrder,
} from './support/ordering';
import { startTestApp, TestApp } from './support/test-app';

describe('staff-placed orders', () => {
  let testApp: TestApp;
  let store: StoreFixture;
  let menus: MenuFixture[];
  let admin: string;
  let tablet: string;
  let tableId: number;
  let spice: OptionGroupFixture;
  let extras: OptionGroupFixture;

  beforeAll(async () => {
    testApp = await startTestApp(ORDERING_ENV);
  });
  beforeEach(async () => {
    ({
      store,
      menus,
      admin,
      tables: [tablet],
    } = await orderingWorld(testApp, { tableLogins: 1 }));
    tableId = store.tables[0].id;
    [spice, extras] = await putOptionGroups(testApp.app, admin, menus[0].id, EXAMPLE_OPTION_GROUPS);
  });
  afterAll(() => testApp.close());

  const db = () => testApp.dataSource;
  const staffOrder = (
    body: object,
    { key, token = admin, table = tableId }: { key?: string; token?: string; table?: number } = {},
  ) =>
    testApp.app.inject({
      method: 'POST',
      url: `/api/admin/tables/${table}/orders`,
      headers: { ...bearer(token), ...(key === undefined ? {} : { 'idempotency-key': key }) },
      payload: body,
    });
  const withOptions = () => ({
    items: [
      {
        menu_id: menus[0].id,
        quantity: 2,
        option_ids: [spice.options[2].id, extras.options[0].id],
        note: '  덜 맵게  ',
      },
      { menu_id: menus[1].id, quantity: 1 },
    ],
    note: '포장',
  });

  it('opens the table session with an order placed_by "staff", with options and notes, seen by the tablet', async () => {
    const response = await staffOrder(withOptions());
    expect(response.statusCode).toBe(201);
    const order = response.json();
    expect(order).toMatchObject({
      status: 'pending',
      placed_by: 'staff',
      table_id: tableId,
      table_number: 1,
      note: '포장',
      total_amount: (9000 + 1000) * 2 + 2000,
    });
    expect(order.items[0]).toMatchObject({
      menu_id: menus[0].id,
      unit_price: 10000,
      quantity: 2,
      subtotal: 20000,
      note: '덜 맵게',
      options: [
        { id: spice.options[2].id, group_name: '맵기', name: '매운맛', price_delta: 0 },
        { id: extras.options[0].id, group_name: '추가', name: '치즈', price_delta: 1000 },
      ],
    });
    const [session] = await db().query(
      `SELECT id FROM table_sessions WHERE table_id = $1 AND is_active`,
      [tableId],
    );
    expect(order.table_session_id).toBe(session.id);

    const seen = await testApp.app.inject({
      method: 'GET',
      url: '/api/orders',
      headers: bearer(tablet),
    });
    expect(seen.json()).toEqual([
      expect.objectContaining({ id: order.id, placed_by: 'staff', note: '포장' }),
    ]);
    const [created] = await outboxRows(db(), 'order.created');
    expect(created.payload.data).toMatchObject({ id: order.id, placed_by: 'staff' });

    // The tablet's next order joins the same session, placed_by "table".
    const own = await placeOrder(testApp.app, tablet, [[menus[1], 1]]);
    expect(own.json()).toMatchObject({ table_session_id: session.id, placed_by: 'table' });
  });

  it('follows the tablet rules: 400 on a bad body, 422 on an unavailable menu or bad options', async () => {
    expect((await staffOrder({ items: [] })).statusCode).toBe(400);
    expect(
      (await staffOrder({ items: [{ menu_id: menus[0].id, quantity: 101 }] })).statusCode,
    ).toBe(400);
    const unknown = await staffOrder({ items: [{ menu_id: 999_999, quantity: 1 }] });
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([422, 'MENU_NOT_AVAILABLE']);
    // "맵기" needs exactly one choice.
    const missing = await staffOrder({ items: [{ menu_id: menus[0].id, quantity: 1 }] });
    expect([missing.statusCode, missing.json().error.code]).toEqual([422, 'INVALID_OPTIONS']);
    expect(await db().query(`SELECT count(*)::int AS n FROM orders`)).toEqual([{ n: 0 }]);
    expect(await db().query(`SELECT count(*)::int AS n FROM table_sessions`)).toEqual([{ n: 0 }]);
  });

  it('one Idempotency-Key retried 10 times at once makes one order, returned to every retry', async () => {
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => staffOrder(withOptions(), { key: 'staff-retry-1' })),
    );
    expect(responses.map((response) => response.statusCode).sort()).toEqual([
      ...Array(9).fill(200),
      201,
    ]);
    expect(new Set(responses.map((response) => response.json().id)).size).toBe(1);
    const replays = responses.filter((response) => response.statusCode === 200);
    expect(replays.every((response) => response.headers['idempotent-replayed'] === 'true')).toBe(
      true,
    );
    expect(replays[0].json()).toEqual(responses.find((r) => r.statusCode === 201)!.json());
    expect(await db().query(`SELECT count(*)::int AS n FROM orders`)).toEqual([{ n: 1 }]);
    expect(await outboxRows(db(), 'order.created')).toHaveLength(1);

    const reused = await staffOrder(
      { items: [{ menu_id: menus[1].id, quantity: 3 }] },
      { key: 'staff-retry-1' },
    );
    expect([reused.statusCode, reused.json().error.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    const badKey = await staffOrder(withOptions(), { key: 'x'.repeat(65) });
    expect(badKey.statusCode).toBe(400);
  });

  it('is for store admins only; another store’s table answers 404', async () => {
    expect((await staffOrder(withOptions(), { token: tablet })).statusCode).toBe(403);
    expect((await staffOrder(withOptions(), { table: 999_999 })).statusCode).toBe(404);
    const other = await createStore(db(), 'other', { tableCount: 1 });
    await expectTenantIsolation(testApp.app, {
      intruder: {
        store_admin: await adminToken(testApp.app, other),
        table: await tableToken(testApp.app, other),
      },
      owner: { store_admin: admin, table: tablet },
      ids: { tableId, menuId: menus[1].id },
      cases: [
        {
          method: 'POST',
          url: ({ tableId: id }) => `/api/admin/tables/${id}/orders`,
          body: ({ menuId }) => ({ items: [{ menu_id: menuId, quantity: 1 }] }),
          as: ['store_admin'],
          ownerStatus: 201,
        },
      ],
    });
    // The intruder's own table cannot order the victim's menus either.
    const intruderAdmin = await adminToken(testApp.app, other);
    const foreignMenu = await staffOrder(
      { items: [{ menu_id: menus[1].id, quantity: 1 }] },
      { token: intruderAdmin, table: other.tables[0].id },
    );
    expect([foreignMenu.statusCode, foreignMenu.json().error.code]).toEqual([
      422,
      'MENU_NOT_AVAILABLE',
    ]);
  });
});
