import { adminToken, bearer, createStore, StoreFixture, tableToken } from './support/fixtures';
import { createCategory, createItem, resetMenu } from './support/menu-helpers';
import { resetData, startTestApp, TestApp } from './support/test-app';

describe('menu: categories and items', () => {
  let testApp: TestApp;
  let store: StoreFixture;
  let admin: string;
  let table: string;

  beforeAll(async () => {
    testApp = await startTestApp();
    await resetData(testApp);
    store = await createStore(testApp.dataSource, 'alpha');
    admin = await adminToken(testApp.app, store);
    table = await tableToken(testApp.app, store);
  });
  beforeEach(() => resetMenu(testApp));
  afterAll(() => testApp.close());

  const request = (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    token: string,
    payload?: object,
  ) => testApp.app.inject({ method, url, headers: bearer(token), payload });

  it('creates a category and an item with exactly the contract fields', async () => {
    const category = await request('POST', '/api/admin/menu/categories', admin, {
      name: '  메인  ',
      display_order: 2,
    });
    expect(category.statusCode).toBe(201);
    expect(category.json()).toEqual({ id: expect.any(Number), name: '메인', display_order: 2 });

    const item = await request('POST', '/api/admin/menu/items', admin, {
      category_id: category.json().id,
      name: '김치찌개',
      price: 9000,
    });
    expect(item.statusCode).toBe(201);
    expect(item.json()).toEqual({
      id: expect.any(Number),
      category_id: category.json().id,
      name: '김치찌개',
      description: '',
      price: 9000,
      image_url: null,
      thumbnail_url: null,
      display_order: 0,
      is_available: true,
      sold_out_until: null,
      option_groups: [],
    });

    const listed = await request('GET', '/api/menu/items', table);
    expect(listed.statusCode).toBe(200);
    expect(listed.headers['content-type']).toMatch(/^application\/json/);
    expect(listed.json()).toEqual([item.json()]);
    const categories = await request('GET', '/api/menu/categories', table);
    expect(categories.json()).toEqual([category.json()]);
  });

  it.each([
    ['an empty name', { name: '' }, 'name'],
    ['a blank name', { name: '   ' }, 'name'],
    ['a 101-character name', { name: 'x'.repeat(101) }, 'name'],
    ['a fractional price', { price: 1.5 }, 'price'],
    ['a negative price', { price: -1 }, 'price'],
    ['a price above 10,000,000', { price: 10_000_001 }, 'price'],
    ['a price sent as text', { price: '9000' }, 'price'],
    ['a category id sent as text', { category_id: '1' }, 'category_id'],
    ['is_available sent as text', { is_available: 'yes' }, 'is_available'],
    ['an unknown field', { colour: 'red' }, 'colour'],
  ])('rejects an item with %s (400, details name the field)', async (_case, override, field) => {
    const category = await createCategory(testApp.app, admin, { name: 'Main' });
    const response = await request('POST', '/api/admin/menu/items', admin, {
      category_id: category.id,
      name: 'Soup',
      price: 9000,
      ...override,
    });
    expect(response.statusCode).toBe(400);
    const { error } = response.json();
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details.map((detail: { field: string }) => detail.field)).toContain(field);
    const [{ count }] = await testApp.dataSource.query(`SELECT count(*)::int AS count FROM menus`);
    expect(count).toBe(0);
  });

  it('accepts the price bounds 0 and 10,000,000 and a 100-character name', async () => {
    const category = await createCategory(testApp.app, admin, { name: 'Main' });
    for (const price of [0, 10_000_000]) {
      const item = await createItem(testApp.app, admin, {
        category_id: category.id,
        name: 'n'.repeat(100),
        price,
      });
      expect(item.price).toBe(price);
    }
  });

  it('rejects a missing category (404), an empty or null PATCH (400) and bad ids (400)', async () => {
    const category = await createCategory(testApp.app, admin, { name: 'Main' });
    const item = await createItem(testApp.app, admin, {
      category_id: category.id,
      name: 'A',
      price: 1,
    });

    const missing = await request('POST', '/api/admin/menu/items', admin, {
      category_id: category.id + 1000,
      name: 'B',
      price: 1,
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('NOT_FOUND');

    const empty = await request('PATCH', `/api/admin/menu/items/${item.id}`, admin, {});
    expect(empty.statusCode).toBe(400);
    const nulled = await request('PATCH', `/api/admin/menu/items/${item.id}`, admin, {
      name: null,
    });
    expect(nulled.statusCode).toBe(400);
    expect(nulled.json().error.details[0].field).toBe('name');
    const nullOrder = await request('PATCH', `/api/admin/menu/categories/${category.id}`, admin, {
      display_order: null,
    });
    expect(nullOrder.statusCode).toBe(400);

    for (const bad of [
      'abc',
      '0',
      '-1',
      '1.5',
      '99999999999',
      `+${item.id}`,
      `00${item.id}`,
      '1e0',
    ]) {
      const response = await request('GET', `/api/menu/items/${bad}`, admin);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.details).toEqual([
        { field: 'id', message: 'id must be a positive integer' },
      ]);
    }
    const badFilter = await request('GET', '/api/menu/items?category_id=x', admin);
    expect(badFilter.statusCode).toBe(400);
    const unknownQuery = await request('GET', '/api/menu/items?sort=name', admin);
    expect(unknownQuery.statusCode).toBe(400);
  });

  it('updates partially and moves an item between categories', async () => {
    const main = await createCategory(testApp.app, admin, { name: 'Main' });
    const drinks = await createCategory(testApp.app, admin, { name: 'Drinks' });
    const item = await createItem(testApp.app, admin, {
      category_id: main.id,
      name: 'Tea',
      description: 'hot',
      price: 3000,
    });

    const patched = await request('PATCH', `/api/admin/menu/items/${item.id}`, admin, {
      price: 3500,
      category_id: drinks.id,
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      id: item.id,
      name: 'Tea',
      description: 'hot',
      price: 3500,
      category_id: drinks.id,
    });
    const renamed = await request('PATCH', `/api/admin/menu/categories/${drinks.id}`, admin, {
      name: 'Beverages',
    });
    expect(renamed.json()).toEqual({ id: drinks.id, name: 'Beverages', display_order: 0 });

    const inDrinks = await request('GET', `/api/menu/items?category_id=${drinks.id}`, admin);
    expect(inDrinks.json().map((row: { id: number }) => row.id)).toEqual([item.id]);
    const inMain = await request('GET', `/api/menu/items?category_id=${main.id}`, admin);
    expect(inMain.json()).toEqual([]);
  });

  it('answers 409 for a duplicate category name', async () => {
    await createCategory(testApp.app, admin, { name: 'Main' });
    const other = await createCategory(testApp.app, admin, { name: 'Side' });
    const duplicate = await request('POST', '/api/admin/menu/categories', admin, { name: 'Main' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error.code).toBe('CONFLICT');
    const rename = await request('PATCH', `/api/admin/menu/categories/${other.id}`, admin, {
      name: 'Main',
    });
    expect(rename.statusCode).toBe(409);
  });

  it('refuses to delete a category with live items (409), allows it once they are soft-deleted', async () => {
    const category = await createCategory(testApp.app, admin, { name: 'Main' });
    const item = await createItem(testApp.app, admin, {
      category_id: category.id,
      name: 'A',
      price: 1,
    });

    const refused = await request('DELETE', `/api/admin/menu/categories/${category.id}`, admin);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('CONFLICT');

    expect((await request('DELETE', `/api/admin/menu/items/${item.id}`, admin)).statusCode).toBe(
      204,
    );
    const deleted = await request('DELETE', `/api/admin/menu/categories/${category.id}`, admin);
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe('');

    const [row] = await testApp.dataSource.query(
      `SELECT category_id, deleted_at FROM menus WHERE id = $1`,
      [item.id],
    );
    expect(row.category_id).toBeNull();
    expect(row.deleted_at).toBeInstanceOf(Date);
    expect((await request('GET', '/api/menu/categories', admin)).json()).toEqual([]);
    const again = await request('DELETE', `/api/admin/menu/categories/${category.id}`, admin);
    expect(again.statusCode).toBe(404);
    const filtered = await request('GET', `/api/menu/items?category_id=${category.id}`, admin);
    expect(filtered.statusCode).toBe(404);
  });

  it('soft-deletes an item: the row stays, it is not listed, reads and writes answer 404', async () => {
    const category = await createCategory(testApp.app, admin, { name: 'Main' });
    const kept = await createItem(testApp.app, admin, {
      category_id: category.id,
      name: 'Kept',
      price: 1,
    });
    const gone = await createItem(testApp.app, admin, {
      category_id: category.id,
      name: 'Gone',
      price: 2,
    });
    await request('GET', '/api/menu/items', admin);

    expect((await request('DELETE', `/api/admin/menu/items/${gone.id}`, admin)).statusCode).toBe(
      204,
    );

    const [row] = await testApp.dataSource.query(
      `SELECT name, deleted_at FROM menus WHERE id = $1`,
      [gone.id],
    );
    expect(row.name).toBe('Gone');
    expect(row.deleted_at).toBeInstanceOf(Date);
    for (const token of [admin, table]) {
      const list = await request('GET', '/api/menu/items', token);
      expect(list.json().map((item: { id: number }) => item.id)).toEqual([kept.id]);
      expect((await request('GET', `/api/menu/items/${gone.id}`, token)).statusCode).toBe(404);
    }
    expect(
      (await request('PATCH', `/api/admin/menu/items/${gone.id}`, admin, { price: 5 })).statusCode,
    ).toBe(404);
    expect((await request('DELETE', `/api/admin/menu/items/${gone.id}`, admin)).statusCode).toBe(
      404,
    );
  });

  it('hides unavailable items from tables and shows them to admins with is_available', async () => {
    const category = await createCategory(testApp.app, admin, { name: 'Main' });
    const shown = await createItem(testApp.app, admin, {
      category_id: category.id,
      name: 'On',
      price: 1,
    });
    const hidden = await createItem(testApp.app, admin, {
      category_id: category.id,
      name: 'Off',
      price: 1,
      is_available: false,
    });

    const tableList = await request('GET', '/api/menu/items', table);
    expect(tableList.json().map((item: { id: number }) => item.id)).toEqual([shown.id]);
    const tableFiltered = await request('GET', `/api/menu/items?category_id=${category.id}`, table);
    expect(tableFiltered.json().map((item: { id: number }) => item.id)).toEqual([shown.id]);
    expect((await request('GET', `/api/menu/items/${hidden.id}`, table)).statusCode).toBe(404);

    const adminList = await request('GET', '/api/menu/items', admin);
    expect(
      adminList
        .json()
        .map((item: { id: number; is_available: boolean }) => [item.id, item.is_available]),
    ).toEqual([
      [shown.id, true],
      [hidden.id, false],
    ]);
    const adminOne = await request('GET', `/api/menu/items/${hidden.id}`, admin);
    expect(adminOne.statusCode).toBe(200);
    expect(adminOne.json().is_available).toBe(false);

    await request('PATCH', `/api/admin/menu/items/${hidden.id}`, admin, { is_available: true });
    expect((await request('GET', `/api/menu/items/${hidden.id}`, table)).statusCode).toBe(200);
    expect((await request('GET', '/api/menu/items', table)).json()).toHaveLength(2);
  });

  it('orders categories and items by display_order, then id', async () => {
    const c1 = await createCategory(testApp.app, admin, { name: 'C1', display_order: 2 });
    const c2 = await createCategory(testApp.app, admin, { name: 'C2', display_order: 1 });
    const c3 = await createCategory(testApp.app, admin, { name: 'C3', display_order: 2 });
    const orders = [3, 1, 3, 0];
    const items = [];
    for (const [index, order] of orders.entries()) {
      items.push(
        await createItem(testApp.app, admin, {
          category_id: c1.id,
          name: `I${index}`,
          price: 1,
          display_order: order,
        }),
      );
    }
    const categories = await request('GET', '/api/menu/categories', table);
    expect(categories.json().map((category: { id: number }) => category.id)).toEqual([
      c2.id,
      c1.id,
      c3.id,
    ]);
    const listed = await request('GET', '/api/menu/items', table);
    expect(listed.json().map((item: { id: number }) => item.id)).toEqual([
      items[3].id,
      items[1].id,
      items[0].id,
      items[2].id,
    ]);
  });

  it('lets tables read but not write, and needs a token to read', async () => {
    const write = await request('POST', '/api/admin/menu/categories', table, { name: 'X' });
    expect(write.statusCode).toBe(403);
    expect(write.json().error.code).toBe('INSUFFICIENT_PERMISSIONS');
    const anonymous = await testApp.app.inject({ method: 'GET', url: '/api/menu/items' });
    expect(anonymous.statusCode).toBe(401);
  });
});
