import { adminToken, bearer, createStore, StoreFixture, tableToken } from './support/fixtures';
import { expectTenantIsolation } from './support/isolation';
import {
  countQueries,
  createCategory,
  createItem,
  EXAMPLE_OPTION_GROUPS,
  putOptionGroups,
  resetMenu,
} from './support/menu-helpers';
import { outboxRows } from './support/ordering';
import { resetData, startTestApp, TestApp } from './support/test-app';

describe('menu options', () => {
  let a: TestApp;
  let b: TestApp;
  let alpha: StoreFixture;
  let admin: string;
  let table: string;
  let categoryId: number;
  let itemId: number;

  beforeAll(async () => {
    a = await startTestApp();
    b = await startTestApp();
    await resetData(a);
    alpha = await createStore(a.dataSource, 'alpha');
    admin = await adminToken(a.app, alpha);
    table = await tableToken(a.app, alpha);
  });
  beforeEach(async () => {
    await resetMenu(a);
    categoryId = (await createCategory(a.app, admin, { name: 'Main' })).id;
    itemId = (
      await createItem(a.app, admin, { category_id: categoryId, name: '떡볶이', price: 8000 })
    ).id;
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  const get = (app: TestApp, url: string, token = table) =>
    app.app.inject({ method: 'GET', url, headers: bearer(token) });
  const put = (id: number, payload: unknown, token = admin) =>
    a.app.inject({
      method: 'PUT',
      url: `/api/admin/menu/items/${id}/option-groups`,
      headers: bearer(token),
      payload: payload as object,
    });
  const patchOption = (app: TestApp, id: number, payload: object, token = admin) =>
    app.app.inject({
      method: 'PATCH',
      url: `/api/admin/menu/options/${id}`,
      headers: bearer(token),
      payload,
    });

  it('lists option_groups on every item response: empty when none, then the PUT set in order', async () => {
    expect((await get(a, `/api/menu/items/${itemId}`)).json().option_groups).toEqual([]);
    expect((await get(a, '/api/menu/items')).json()[0].option_groups).toEqual([]);

    const response = await put(itemId, EXAMPLE_OPTION_GROUPS);
    expect(response.statusCode).toBe(200);
    const item = response.json();
    expect(Object.keys(item).sort()).toEqual(
      [
        'id',
        'category_id',
        'name',
        'description',
        'price',
        'image_url',
        'thumbnail_url',
        'display_order',
        'is_available',
        'sold_out_until',
        'option_groups',
      ].sort(),
    );
    expect(item.option_groups).toEqual([
      {
        id: expect.any(Number),
        name: '맵기',
        min_select: 1,
        max_select: 1,
        display_order: 0,
        options: ['순한맛', '보통', '매운맛'].map((name, position) => ({
          id: expect.any(Number),
          name,
          price_delta: 0,
          is_available: true,
          display_order: position,
        })),
      },
      {
        id: expect.any(Number),
        name: '추가',
        min_select: 0,
        max_select: 2,
        display_order: 1,
        options: [
          {
            id: expect.any(Number),
            name: '치즈',
            price_delta: 1000,
            is_available: true,
            display_order: 0,
          },
          {
            id: expect.any(Number),
            name: '계란',
            price_delta: 500,
            is_available: true,
            display_order: 1,
          },
        ],
      },
    ]);
    for (const url of [`/api/menu/items/${itemId}`, '/api/menu/items']) {
      const read = (await get(a, url)).json();
      expect((Array.isArray(read) ? read[0] : read).option_groups).toEqual(item.option_groups);
    }
  });

  it('orders groups and options as sent when display_order is omitted; an explicit one wins', async () => {
    const names = (groups: { name: string; options: { name: string }[] }[]) =>
      groups.map((group) => [group.name, group.options.map((option) => option.name)]);
    const sent = [
      {
        name: '추가',
        max_select: 2,
        options: [{ name: '치즈' }, { name: '계란', display_order: 0 }, { name: '햄' }],
      },
      {
        name: '맵기',
        max_select: 1,
        options: [{ name: '순한맛' }, { name: '보통' }, { name: '매운맛' }],
      },
      {
        name: '사이즈',
        max_select: 1,
        display_order: 0,
        options: [{ name: '곱빼기' }, { name: '보통' }],
      },
    ];
    // 사이즈 (explicit 0) and 추가 (position 0) tie and fall back to id order; 계란 (explicit 0)
    // ties with 치즈 (position 0) the same way; every other default is the position sent.
    const expected = [
      ['추가', ['치즈', '계란', '햄']],
      ['사이즈', ['곱빼기', '보통']],
      ['맵기', ['순한맛', '보통', '매운맛']],
    ];
    const response = await put(itemId, sent);
    expect(response.statusCode).toBe(200);
    expect(names(response.json().option_groups)).toEqual(expected);
    expect(
      response
        .json()
        .option_groups.map(
          (group: { display_order: number; options: { display_order: number }[] }) => [
            group.display_order,
            group.options.map((option) => option.display_order),
          ],
        ),
    ).toEqual([
      [0, [0, 0, 2]],
      [0, [0, 1]],
      [1, [0, 1, 2]],
    ]);
    const read = await get(a, `/api/menu/items/${itemId}`);
    expect(names(read.json().option_groups)).toEqual(expected);
    const listed = (await get(a, '/api/menu/items')).json();
    expect(names(listed.find((item: { id: number }) => item.id === itemId).option_groups)).toEqual(
      expected,
    );

    // An explicit display_order still wins over the position sent.
    const reordered = await put(itemId, [
      {
        name: '맵기',
        max_select: 1,
        display_order: 5,
        options: [{ name: '순한맛', display_order: 9 }, { name: '매운맛' }],
      },
      { name: '추가', max_select: 1, options: [{ name: '치즈' }] },
    ]);
    expect(reordered.statusCode).toBe(200);
    expect(names(reordered.json().option_groups)).toEqual([
      ['추가', ['치즈']],
      ['맵기', ['매운맛', '순한맛']],
    ]);
    expect(names((await get(a, `/api/menu/items/${itemId}`)).json().option_groups)).toEqual(
      names(reordered.json().option_groups),
    );
  });

  it('reads the groups of every item in the one menus query (no query per item)', async () => {
    for (let index = 0; index < 5; index++) {
      const id = (
        await createItem(a.app, admin, {
          category_id: categoryId,
          name: `Item ${index}`,
          price: 1000,
        })
      ).id;
      await putOptionGroups(a.app, admin, id, EXAMPLE_OPTION_GROUPS);
    }
    const menus = countQueries(a.dataSource, 'menus');
    const options = countQueries(a.dataSource, 'menu_options');
    const list = await get(a, '/api/menu/items', admin);
    expect(
      list.json().filter((item: { option_groups: unknown[] }) => item.option_groups.length === 2),
    ).toHaveLength(5);
    expect(menus.count()).toBe(1);
    expect(options.count()).toBe(1);
  });

  it('keeps groups and options sent back with their id, creates new ones and removes the rest', async () => {
    const [spice, extras] = await putOptionGroups(a.app, admin, itemId, EXAMPLE_OPTION_GROUPS);
    const [mild, , hot] = spice.options;
    const after = await putOptionGroups(a.app, admin, itemId, [
      {
        id: spice.id,
        name: '맵기 선택',
        min_select: 1,
        max_select: 1,
        display_order: 2,
        options: [
          { id: hot.id, name: '아주 매운맛', price_delta: 500 },
          { id: mild.id, name: '순한맛' },
        ],
      },
      {
        name: '사이즈',
        min_select: 1,
        max_select: 1,
        options: [{ name: '보통' }, { name: '곱빼기', price_delta: 2000 }],
      },
    ]);
    expect(after.map((group) => group.name)).toEqual(['사이즈', '맵기 선택']);
    const kept = after[1];
    expect(kept.id).toBe(spice.id);
    expect(kept.options.map((option) => [option.id, option.name, option.price_delta])).toEqual([
      [hot.id, '아주 매운맛', 500],
      [mild.id, '순한맛', 0],
    ]);
    const rows = await a.dataSource.query(`SELECT id FROM menu_options WHERE id = ANY($1::int[])`, [
      [spice.options[1].id, ...extras.options.map((option) => option.id)],
    ]);
    expect(rows).toEqual([]);
    expect(
      await a.dataSource.query(`SELECT id FROM menu_option_groups WHERE id = $1`, [extras.id]),
    ).toEqual([]);

    // An empty set removes every group.
    expect(await putOptionGroups(a.app, admin, itemId, [])).toEqual([]);
    expect((await a.dataSource.query(`SELECT count(*)::int AS n FROM menu_options`))[0].n).toBe(0);
  });

  it.each([
    [
      'min_select > max_select',
      [{ name: 'g', min_select: 2, max_select: 1, options: [{ name: 'a' }, { name: 'b' }] }],
      'groups.0.min_select',
    ],
    [
      'max_select > option count',
      [{ name: 'g', max_select: 3, options: [{ name: 'a' }, { name: 'b' }] }],
      'groups.0.max_select',
    ],
    [
      'a name twice in a group',
      [{ name: 'g', max_select: 1, options: [{ name: 'a' }, { name: ' a ' }] }],
      'groups.0.options.1.name',
    ],
    [
      'price_delta over 1,000,000',
      [{ name: 'g', max_select: 1, options: [{ name: 'a', price_delta: 1_000_001 }] }],
      'groups.0.options.0.price_delta',
    ],
    [
      'price_delta under -1,000,000',
      [{ name: 'g', max_select: 1, options: [{ name: 'a', price_delta: -1_000_001 }] }],
      'groups.0.options.0.price_delta',
    ],
    [
      'a fractional price_delta',
      [{ name: 'g', max_select: 1, options: [{ name: 'a', price_delta: 1.5 }] }],
      'groups.0.options.0.price_delta',
    ],
    ['no options', [{ name: 'g', max_select: 1, options: [] }], 'groups.0.options'],
    [
      'an unknown field',
      [{ name: 'g', max_select: 1, options: [{ name: 'a', price: 100 }] }],
      'groups.0.options.0.price',
    ],
    ['a body that is not an array', { name: 'g' }, 'groups'],
  ])(
    'answers 400 VALIDATION_FAILED naming the field for %s, writing nothing',
    async (_rule, body, field) => {
      await putOptionGroups(a.app, admin, itemId, EXAMPLE_OPTION_GROUPS);
      const before = await a.dataSource.query(`SELECT * FROM menu_options ORDER BY id`);
      const response = await put(itemId, body);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_FAILED');
      expect(
        response.json().error.details.map((detail: { field: string }) => detail.field),
      ).toContain(field);
      expect(await a.dataSource.query(`SELECT * FROM menu_options ORDER BY id`)).toEqual(before);
    },
  );

  it('accepts the bounds ±1,000,000 and 404s ids that are not this item’s, leaving the set as it was', async () => {
    const [spice] = await putOptionGroups(a.app, admin, itemId, [
      {
        name: 'g',
        max_select: 1,
        options: [
          { name: 'min', price_delta: -1_000_000 },
          { name: 'max', price_delta: 1_000_000 },
        ],
      },
    ]);
    const other = (
      await createItem(a.app, admin, { category_id: categoryId, name: 'Other', price: 1 })
    ).id;
    const [otherGroup] = await putOptionGroups(a.app, admin, other, EXAMPLE_OPTION_GROUPS);
    for (const body of [
      [{ id: otherGroup.id, name: 'g', max_select: 1, options: [{ name: 'x' }] }],
      [
        {
          id: spice.id,
          name: 'g',
          max_select: 1,
          options: [{ id: otherGroup.options[0].id, name: 'x' }],
        },
      ],
      [{ name: 'new', max_select: 1, options: [{ id: spice.options[0].id, name: 'x' }] }],
    ]) {
      const response = await put(itemId, body);
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('NOT_FOUND');
    }
    const read = (await get(a, `/api/menu/items/${itemId}`, admin)).json();
    expect(
      read.option_groups[0].options.map((o: { price_delta: number }) => o.price_delta),
    ).toEqual([-1_000_000, 1_000_000]);
    expect((await put(987654, EXAMPLE_OPTION_GROUPS)).statusCode).toBe(404);
  });

  it('PATCHes one option (availability, name, delta), 409 on a name taken in its group', async () => {
    const [, extras] = await putOptionGroups(a.app, admin, itemId, EXAMPLE_OPTION_GROUPS);
    const [cheese, egg] = extras.options;
    const response = await patchOption(a, cheese.id, {
      is_available: false,
      price_delta: 1500,
      name: ' 모짜렐라 ',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      id: cheese.id,
      group_id: extras.id,
      menu_id: itemId,
      name: '모짜렐라',
      price_delta: 1500,
      is_available: false,
      display_order: 0,
    });
    const taken = await patchOption(a, egg.id, { name: '모짜렐라' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('CONFLICT');
    for (const [body, field] of [
      [{}, undefined],
      [{ price_delta: 1_000_001 }, 'price_delta'],
      [{ is_available: 'no' }, 'is_available'],
      [{ name: null }, 'name'],
      [{ menu_id: 3 }, 'menu_id'],
    ] as const) {
      const bad = await patchOption(a, egg.id, body);
      expect(bad.statusCode).toBe(400);
      if (field) expect(bad.json().error.details[0].field).toBe(field);
    }
    expect((await patchOption(a, 999999, { is_available: true })).statusCode).toBe(404);
    // Tables may not write.
    expect((await patchOption(a, egg.id, { is_available: true }, table)).statusCode).toBe(403);
  });

  it('shows an option write on the next read of this and another instance (both caches)', async () => {
    const [, extras] = await putOptionGroups(a.app, admin, itemId, EXAMPLE_OPTION_GROUPS);
    const cheese = extras.options[0];
    const optionOf = async (app: TestApp, url: string) => {
      const body = (await get(app, url)).json();
      const item = Array.isArray(body) ? body[0] : body;
      return item.option_groups[1].options[0];
    };
    for (const app of [a, b]) {
      for (const url of ['/api/menu/items', `/api/menu/items/${itemId}`]) {
        expect(await optionOf(app, url)).toMatchObject({ is_available: true, price_delta: 1000 });
        // A second read is served from the caches (Redis and in-process).
        expect(await optionOf(app, url)).toMatchObject({ is_available: true });
      }
    }
    expect(
      (await patchOption(b, cheese.id, { is_available: false, price_delta: 700 })).statusCode,
    ).toBe(200);
    for (const app of [a, b]) {
      for (const url of ['/api/menu/items', `/api/menu/items/${itemId}`]) {
        expect(await optionOf(app, url)).toMatchObject({ is_available: false, price_delta: 700 });
      }
    }
    await put(itemId, [EXAMPLE_OPTION_GROUPS[0]]);
    for (const app of [a, b]) {
      expect((await get(app, `/api/menu/items/${itemId}`)).json().option_groups).toHaveLength(1);
      expect((await get(app, '/api/menu/items')).json()[0].option_groups).toHaveLength(1);
    }
  });

  it('announces every menu, category and option write as menu.changed through the outbox', async () => {
    await a.dataSource.query(`TRUNCATE outbox_events`);
    const [, extras] = await putOptionGroups(a.app, admin, itemId, EXAMPLE_OPTION_GROUPS);
    await patchOption(a, extras.options[0].id, { is_available: false });
    await a.app.inject({
      method: 'PATCH',
      url: `/api/admin/menu/items/${itemId}`,
      headers: bearer(admin),
      payload: { price: 8500 },
    });
    await a.app.inject({
      method: 'PATCH',
      url: `/api/admin/menu/categories/${categoryId}`,
      headers: bearer(admin),
      payload: { name: 'Mains' },
    });
    // A refused write announces nothing.
    await patchOption(a, 999999, { is_available: true });
    const rows = await outboxRows(a.dataSource, 'menu.changed');
    expect(rows.map((row) => [row.store_id, row.payload.type, row.payload.data])).toEqual([
      [
        alpha.storeId,
        'menu.changed',
        { entity: 'option', ids: expect.any(Array), menu_ids: [itemId] },
      ],
      [
        alpha.storeId,
        'menu.changed',
        { entity: 'option', ids: [extras.options[0].id], menu_ids: [itemId] },
      ],
      [alpha.storeId, 'menu.changed', { entity: 'menu_item', ids: [itemId] }],
      [alpha.storeId, 'menu.changed', { entity: 'menu_category', ids: [categoryId] }],
    ]);
    expect(rows[0].payload.data.ids).toHaveLength(5);
  });

  it('keeps another store out of the new routes (404), its rows unchanged', async () => {
    const [, extras] = await putOptionGroups(a.app, admin, itemId, EXAMPLE_OPTION_GROUPS);
    const beta = await createStore(a.dataSource, 'beta');
    const intruder = {
      store_admin: await adminToken(a.app, beta),
      table: await tableToken(a.app, beta),
    };
    const before = await a.dataSource.query(`SELECT * FROM menu_options ORDER BY id`);
    await expectTenantIsolation(a.app, {
      intruder,
      owner: { store_admin: admin, table },
      ids: { itemId, optionId: extras.options[0].id },
      cases: [
        {
          method: 'PUT',
          url: (ids) => `/api/admin/menu/items/${ids.itemId}/option-groups`,
          body: () => [],
          as: ['store_admin'],
          ownerStatus: false,
        },
        {
          method: 'PATCH',
          url: (ids) => `/api/admin/menu/options/${ids.optionId}`,
          body: () => ({ is_available: false }),
          as: ['store_admin'],
          ownerStatus: false,
        },
      ],
    });
    expect(await a.dataSource.query(`SELECT * FROM menu_options ORDER BY id`)).toEqual(before);
    // Beta's admin cannot adopt alpha's group ids into its own item either.
    const betaCategory = (await createCategory(a.app, intruder.store_admin, { name: 'B' })).id;
    const betaItem = (
      await createItem(a.app, intruder.store_admin, {
        category_id: betaCategory,
        name: 'B',
        price: 1,
      })
    ).id;
    const adopt = await put(
      betaItem,
      [{ id: extras.id, name: 'x', max_select: 1, options: [{ name: 'y' }] }],
      intruder.store_admin,
    );
    expect(adopt.statusCode).toBe(404);
    expect(await a.dataSource.query(`SELECT * FROM menu_options ORDER BY id`)).toEqual(before);
  });
});
