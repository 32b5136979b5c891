import { adminToken, bearer, createStore, tableToken } from './support/fixtures';
import {
  countQueries,
  EXAMPLE_OPTION_GROUPS,
  OptionGroupFixture,
  putOptionGroups,
} from './support/menu-helpers';
import { MenuFixture, ORDERING_ENV, orderingWorld, outboxRows } from './support/ordering';
import { startTestApp, TestApp } from './support/test-app';

type Line = { menu_id: number; quantity: number; option_ids?: number[]; note?: string };

describe('ordering with options and notes', () => {
  let testApp: TestApp;
  let admin: string;
  let table: string;
  let tableId: number;
  let menus: MenuFixture[];
  let spice: OptionGroupFixture;
  let extras: OptionGroupFixture;
  let sizeOfNoodles: OptionGroupFixture;

  beforeAll(async () => {
    testApp = await startTestApp(ORDERING_ENV);
  });
  beforeEach(async () => {
    let store;
    ({
      store,
      menus,
      admin,
      tables: [table],
    } = await orderingWorld(testApp, {
      tableLogins: 1,
      menus: [
        { name: '떡볶이', price: 8000 },
        { name: '라면', price: 5000 },
        { name: '콜라', price: 2000 },
        { name: '품절 김밥', price: 3000, available: false },
      ],
    }));
    tableId = store.tables[0].id;
    [spice, extras] = await putOptionGroups(testApp.app, admin, menus[0].id, EXAMPLE_OPTION_GROUPS);
    [sizeOfNoodles] = await putOptionGroups(testApp.app, admin, menus[1].id, [
      {
        name: '사이즈',
        min_select: 0,
        max_select: 1,
        options: [{ name: '곱빼기', price_delta: 1500 }],
      },
    ]);
  });
  afterAll(() => testApp.close());

  const order = (body: object, token = table, headers: Record<string, string> = {}) =>
    testApp.app.inject({
      method: 'POST',
      url: '/api/orders',
      headers: { ...bearer(token), ...headers },
      payload: body,
    });
  const patchOption = (id: number, payload: object) =>
    testApp.app.inject({
      method: 'PATCH',
      url: `/api/admin/menu/options/${id}`,
      headers: bearer(admin),
      payload,
    });
  const mild = () => spice.options[0].id;
  const [cheese, egg] = [() => extras.options[0].id, () => extras.options[1].id];

  it('prices each line as price + Σ price_delta, snapshots the options, notes and placed_by', async () => {
    const response = await order({
      items: [
        {
          menu_id: menus[0].id,
          quantity: 2,
          option_ids: [egg(), mild(), cheese()],
          note: '  덜 달게  ',
        },
        { menu_id: menus[1].id, quantity: 1, option_ids: [sizeOfNoodles.options[0].id] },
        { menu_id: menus[2].id, quantity: 3 },
      ],
      note: ' 아이 의자 부탁드려요 ',
    });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({
      note: '아이 의자 부탁드려요',
      placed_by: 'table',
      total_amount: 2 * 9500 + 6500 + 3 * 2000,
      items: [
        {
          menu_id: menus[0].id,
          menu_name: '떡볶이',
          options: [
            { id: mild(), group_name: '맵기', name: '순한맛', price_delta: 0 },
            { id: cheese(), group_name: '추가', name: '치즈', price_delta: 1000 },
            { id: egg(), group_name: '추가', name: '계란', price_delta: 500 },
          ],
          unit_price: 9500,
          quantity: 2,
          subtotal: 19000,
          note: '덜 달게',
        },
        {
          menu_id: menus[1].id,
          options: [{ name: '곱빼기', price_delta: 1500 }],
          unit_price: 6500,
          note: null,
        },
        { menu_id: menus[2].id, options: [], unit_price: 2000, subtotal: 6000, note: null },
      ],
    });
    expect(Object.keys(body.items[0]).sort()).toEqual(
      ['menu_id', 'menu_name', 'options', 'unit_price', 'quantity', 'subtotal', 'note'].sort(),
    );
    const [row] = await testApp.dataSource.query(
      `SELECT note, placed_by, total_amount FROM orders`,
    );
    expect(row).toEqual({ note: '아이 의자 부탁드려요', placed_by: 'table', total_amount: 31500 });
    const [created] = await outboxRows(testApp.dataSource, 'order.created');
    expect(created.payload.data).toMatchObject({
      note: body.note,
      placed_by: 'table',
      items: body.items,
    });
    // The admin view and the tablet's list answer the same snapshot.
    const list = await testApp.app.inject({
      method: 'GET',
      url: '/api/orders',
      headers: bearer(table),
    });
    expect(list.json()[0].items).toEqual(body.items);
    const adminView = await testApp.app.inject({
      method: 'GET',
      url: `/api/admin/orders/${body.id}`,
      headers: bearer(admin),
    });
    expect(adminView.json()).toMatchObject({
      note: body.note,
      placed_by: 'table',
      items: body.items,
    });
  });

  it('may order one item on two lines with different options', async () => {
    const response = await order({
      items: [
        { menu_id: menus[0].id, quantity: 1, option_ids: [mild()] },
        { menu_id: menus[0].id, quantity: 1, option_ids: [spice.options[2].id, cheese()] },
      ],
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().total_amount).toBe(8000 + 9000);
    const same = await order({
      items: [
        { menu_id: menus[2].id, quantity: 1 },
        { menu_id: menus[2].id, quantity: 2 },
      ],
    });
    expect(same.statusCode).toBe(400);
  });

  const rules: [string, () => Line[], string, () => number | null][] = [
    [
      'a required group missing',
      () => [{ menu_id: menus[0].id, quantity: 1, option_ids: [cheese()] }],
      'min_select',
      () => spice.id,
    ],
    [
      'a required group with no options sent',
      () => [{ menu_id: menus[0].id, quantity: 1 }],
      'min_select',
      () => spice.id,
    ],
    [
      'over a group’s max',
      () => [{ menu_id: menus[0].id, quantity: 1, option_ids: [mild(), spice.options[1].id] }],
      'max_select',
      () => spice.id,
    ],
    [
      'an option twice',
      () => [{ menu_id: menus[0].id, quantity: 1, option_ids: [mild(), cheese(), cheese()] }],
      'repeated_option',
      () => extras.id,
    ],
    [
      'another item’s option',
      () => [
        { menu_id: menus[0].id, quantity: 1, option_ids: [mild(), sizeOfNoodles.options[0].id] },
      ],
      'foreign_option',
      () => null,
    ],
    [
      'an option id that does not exist',
      () => [{ menu_id: menus[0].id, quantity: 1, option_ids: [mild(), 987654] }],
      'foreign_option',
      () => null,
    ],
  ];
  it.each(rules)(
    'answers 422 INVALID_OPTIONS for %s, naming line, group and rule; nothing is written',
    async (_case, lines, rule, groupId) => {
      const response = await order({ items: [{ menu_id: menus[2].id, quantity: 1 }, ...lines()] });
      expect(response.statusCode).toBe(422);
      const { error } = response.json();
      expect(error.code).toBe('INVALID_OPTIONS');
      expect(error.details).toContainEqual(
        expect.objectContaining({
          field: 'items.1.option_ids',
          line: 1,
          rule,
          group_id: groupId(),
        }),
      );
      expect(error.details.every((detail: { line: number }) => detail.line === 1)).toBe(true);
      expect(await testApp.dataSource.query(`SELECT id FROM orders`)).toEqual([]);
      expect(await outboxRows(testApp.dataSource, 'order.created')).toEqual([]);
    },
  );

  it('refuses a sold-out option (422 unavailable_option) and an unavailable item (422 MENU_NOT_AVAILABLE)', async () => {
    await patchOption(cheese(), { is_available: false });
    const soldOut = await order({
      items: [{ menu_id: menus[0].id, quantity: 1, option_ids: [mild(), cheese()] }],
    });
    expect(soldOut.statusCode).toBe(422);
    expect(soldOut.json().error.details).toEqual([
      expect.objectContaining({
        line: 0,
        rule: 'unavailable_option',
        group_id: extras.id,
        group: '추가',
        option_id: cheese(),
      }),
    ]);
    const item = await order({ items: [{ menu_id: menus[3].id, quantity: 1 }] });
    expect(item.statusCode).toBe(422);
    expect(item.json().error.code).toBe('MENU_NOT_AVAILABLE');
  });

  it('refuses another store’s option as foreign', async () => {
    const beta = await createStore(testApp.dataSource, 'beta');
    const betaAdmin = await adminToken(testApp.app, beta);
    const [betaCategory] = await testApp.dataSource.query(
      `INSERT INTO menu_categories (store_id, name) VALUES ($1, 'B') RETURNING id`,
      [beta.storeId],
    );
    const [betaMenu] = await testApp.dataSource.query(
      `INSERT INTO menus (store_id, category_id, name, price) VALUES ($1, $2, 'B', 100) RETURNING id`,
      [beta.storeId, betaCategory.id],
    );
    const [betaGroup] = await putOptionGroups(testApp.app, betaAdmin, betaMenu.id, [
      EXAMPLE_OPTION_GROUPS[1],
    ]);
    const response = await order({
      items: [{ menu_id: menus[0].id, quantity: 1, option_ids: [mild(), betaGroup.options[0].id] }],
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.details).toEqual([
      expect.objectContaining({ rule: 'foreign_option', group_id: null }),
    ]);
    // And beta's table cannot order alpha's item at all.
    const betaTable = await tableToken(testApp.app, beta);
    expect(
      (await order({ items: [{ menu_id: menus[2].id, quantity: 1 }] }, betaTable)).json().error
        .code,
    ).toBe('MENU_NOT_AVAILABLE');
  });

  it.each([
    [
      'a unit_price on a line',
      { items: [{ menu_id: 1, quantity: 1, unit_price: 1 }] },
      'items.0.unit_price',
    ],
    ['a price on a line', { items: [{ menu_id: 1, quantity: 1, price: 1 }] }, 'items.0.price'],
    ['a total_amount', { items: [{ menu_id: 1, quantity: 1 }], total_amount: 1 }, 'total_amount'],
    [
      'a price_delta on a line',
      { items: [{ menu_id: 1, quantity: 1, price_delta: -8000 }] },
      'items.0.price_delta',
    ],
    [
      'a 201-character note',
      { items: [{ menu_id: 1, quantity: 1, note: 'x'.repeat(201) }] },
      'items.0.note',
    ],
    ['a note with a line break', { items: [{ menu_id: 1, quantity: 1 }], note: 'a\nb' }, 'note'],
    ['a note with a tab', { items: [{ menu_id: 1, quantity: 1, note: 'a\tb' }] }, 'items.0.note'],
    [
      'a note with a zero-width character',
      { items: [{ menu_id: 1, quantity: 1, note: 'a\u200bb' }] },
      'items.0.note',
    ],
    ['a note that is not text', { items: [{ menu_id: 1, quantity: 1 }], note: 5 }, 'note'],
    [
      'option ids that are not ids',
      { items: [{ menu_id: 1, quantity: 1, option_ids: [0, 'a'] }] },
      'items.0.option_ids',
    ],
  ])(
    'answers 400 VALIDATION_FAILED for %s (prices come from the server only)',
    async (_case, body, field) => {
      const response = await order(body);
      expect(response.statusCode).toBe(400);
      expect(
        response.json().error.details.map((detail: { field: string }) => detail.field),
      ).toContain(field);
      expect(await testApp.dataSource.query(`SELECT id FROM orders`)).toEqual([]);
    },
  );

  it('accepts a 200-character note once trimmed; a blank note is no note', async () => {
    const response = await order({
      items: [{ menu_id: menus[2].id, quantity: 1, note: ` ${'가'.repeat(200)} ` }],
      note: '   ',
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().items[0].note).toBe('가'.repeat(200));
    expect(response.json().note).toBeNull();
  });

  it('keeps the ordered snapshot through a rename and reprice, into the history', async () => {
    const placed = (
      await order({
        items: [
          { menu_id: menus[0].id, quantity: 1, option_ids: [mild(), cheese()], note: '포장' },
        ],
      })
    ).json();
    await patchOption(cheese(), { name: '모짜렐라', price_delta: 3000 });
    await testApp.app.inject({
      method: 'PATCH',
      url: `/api/admin/menu/items/${menus[0].id}`,
      headers: bearer(admin),
      payload: { name: '로제 떡볶이', price: 12000 },
    });
    const snapshot = [
      { id: mild(), group_name: '맵기', name: '순한맛', price_delta: 0 },
      { id: cheese(), group_name: '추가', name: '치즈', price_delta: 1000 },
    ];
    const live = (
      await testApp.app.inject({ method: 'GET', url: '/api/orders', headers: bearer(table) })
    ).json();
    expect(live[0].items[0]).toMatchObject({
      menu_name: '떡볶이',
      unit_price: 9000,
      options: snapshot,
      note: '포장',
    });

    const ended = await testApp.app.inject({
      method: 'POST',
      url: `/api/admin/tables/${tableId}/end-session`,
      headers: bearer(admin),
    });
    expect(ended.statusCode).toBe(200);
    const history = (
      await testApp.app.inject({
        method: 'GET',
        url: `/api/admin/tables/${tableId}/history`,
        headers: bearer(admin),
      })
    ).json();
    expect(history.items[0]).toMatchObject({
      order_id: placed.id,
      placed_by: 'table',
      note: null,
      total_amount: 9000,
      items: [
        { menu_name: '떡볶이', unit_price: 9000, options: snapshot, note: '포장', subtotal: 9000 },
      ],
    });
  });

  it('replays an Idempotency-Key only for the same lines, options and note', async () => {
    const body = {
      items: [{ menu_id: menus[0].id, quantity: 1, option_ids: [mild(), cheese()] }],
      note: 'a',
    };
    const key = { 'idempotency-key': 'opt-1' };
    const first = await order(body, table, key);
    expect(first.statusCode).toBe(201);
    const again = await order(
      { ...body, items: [{ ...body.items[0], option_ids: [cheese(), mild()] }] },
      table,
      key,
    );
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    for (const other of [
      { ...body, items: [{ ...body.items[0], option_ids: [mild(), egg()] }] },
      { ...body, note: 'b' },
    ]) {
      expect((await order(other, table, key)).json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    }
  });

  it('loads menus and options in one query each, whatever the number of lines', async () => {
    const menusQueries = countQueries(testApp.dataSource, 'menus');
    const optionQueries = countQueries(testApp.dataSource, 'menu_options');
    const response = await order({
      items: [
        { menu_id: menus[0].id, quantity: 1, option_ids: [mild(), cheese()] },
        { menu_id: menus[0].id, quantity: 1, option_ids: [mild(), egg()] },
        { menu_id: menus[1].id, quantity: 1, option_ids: [sizeOfNoodles.options[0].id] },
        { menu_id: menus[2].id, quantity: 1 },
      ],
    });
    expect(response.statusCode).toBe(201);
    expect(menusQueries.count()).toBe(1);
    expect(optionQueries.count()).toBe(1);
  });

  it('keeps the session total exact under 50 concurrent orders with options at one table', async () => {
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        order({
          items: [
            {
              menu_id: menus[0].id,
              quantity: 1 + (index % 3),
              option_ids: [spice.options[index % 3].id, cheese(), egg()],
            },
            {
              menu_id: menus[1].id,
              quantity: 1,
              option_ids: index % 2 ? [sizeOfNoodles.options[0].id] : [],
            },
          ],
        }),
      ),
    );
    expect(responses.map((response) => response.statusCode)).toEqual(Array(50).fill(201));
    const expected = responses.reduce(
      (sum, _response, index) => sum + (1 + (index % 3)) * 9500 + (index % 2 ? 6500 : 5000),
      0,
    );
    expect(responses.reduce((sum, response) => sum + response.json().total_amount, 0)).toBe(
      expected,
    );
    const [row] = await testApp.dataSource.query(
      `SELECT count(DISTINCT table_session_id)::int AS sessions, sum(total_amount)::bigint AS total,
              (SELECT sum(unit_price * quantity)::bigint FROM order_items) AS items_total
         FROM orders`,
    );
    expect(row).toEqual({ sessions: 1, total: expected, items_total: expected });
    const tables = (
      await testApp.app.inject({ method: 'GET', url: '/api/admin/tables', headers: bearer(admin) })
    ).json();
    expect(tables.find((entry: { id: number }) => entry.id === tableId).session).toMatchObject({
      order_count: 50,
      total_amount: expected,
    });
  });
});
