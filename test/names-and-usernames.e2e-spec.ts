import { adminToken, bearer, createStore, StoreFixture, superadminToken } from './support/fixtures';
import { resetData, startTestApp, TestApp } from './support/test-app';

const STORES = '/api/superadmin/stores';

/** Issue 14: usernames differing only in case, and names hiding bidi or zero-width characters. */
describe('usernames and names', () => {
  let testApp: TestApp;
  let store: StoreFixture;
  let root: Record<string, string>;

  beforeAll(async () => {
    testApp = await startTestApp();
  });
  beforeEach(async () => {
    await resetData(testApp);
    store = await createStore(testApp.dataSource, 'alpha', { tableCount: 0 });
    root = bearer(await superadminToken(testApp.app, testApp.dataSource));
  });
  afterAll(() => testApp.close());

  const post = (url: string, headers: Record<string, string>, payload: object) =>
    testApp.app.inject({ method: 'POST', url, headers, payload });

  it('refuses a store admin whose username differs from an existing one only in case', async () => {
    const response = await post(`${STORES}/${store.storeId}/admins`, root, {
      username: 'MANAGER',
      password: 'another-password',
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('CONFLICT');
    const rows = await testApp.dataSource.query(`SELECT username FROM users WHERE store_id = $1`, [
      store.storeId,
    ]);
    expect(rows).toEqual([{ username: 'manager' }]);
  });

  it('refuses such a duplicate in the database itself, for store admins and superadmins', async () => {
    await expect(
      testApp.dataSource.query(
        `INSERT INTO users (store_id, username, password_hash, role) VALUES ($1, 'Manager', 'x', 'store_admin')`,
        [store.storeId],
      ),
    ).rejects.toThrow(/uq_users_store_username_ci/);
    await expect(
      testApp.dataSource.query(
        `INSERT INTO users (store_id, username, password_hash, role) VALUES (NULL, 'ROOT-ADMIN', 'x', 'superadmin')`,
      ),
    ).rejects.toThrow(/uq_users_superadmin_username_ci/);
  });

  it('logs in whatever the case of the username, and answers the same account', async () => {
    for (const username of ['MANAGER', 'Manager']) {
      const response = await post(
        '/api/auth/admin/login',
        {},
        {
          store_code: 'alpha',
          username,
          password: store.adminPassword,
        },
      );
      expect(response.statusCode).toBe(200);
      expect(response.json().store_id).toBe(store.storeId);
    }
    const superadmin = await post(
      '/api/auth/superadmin/login',
      {},
      {
        username: 'Root-Admin',
        password: 'root-admin-password',
      },
    );
    expect(superadmin.statusCode).toBe(200);
  });

  describe('refuses bidi-override and zero-width characters in names', () => {
    const hidden = [
      ['RIGHT-TO-LEFT OVERRIDE', '\u202E'],
      ['ZERO WIDTH SPACE', '\u200B'],
      ['FIRST STRONG ISOLATE', '\u2068'],
    ];

    it.each(hidden)('in a store name (%s)', async (_label, character) => {
      const response = await post(STORES, root, { code: 'spoof', name: `강남${character}점` });
      expectRefused(response, 'name');
      const rows = await testApp.dataSource.query(`SELECT 1 FROM stores WHERE code = 'spoof'`);
      expect(rows).toEqual([]);
    });

    it.each(hidden)('in a category and a menu name (%s)', async (_label, character) => {
      const admin = bearer(await adminToken(testApp.app, store));
      const category = await post('/api/admin/menu/categories', admin, {
        name: `메인${character}`,
      });
      expectRefused(category, 'name');

      const created = await post('/api/admin/menu/categories', admin, { name: '메인' });
      expect(created.statusCode).toBe(201);
      const item = await post('/api/admin/menu/items', admin, {
        category_id: created.json().id,
        name: `김치${character}찌개`,
        price: 9000,
      });
      expectRefused(item, 'name');

      const renamed = await testApp.app.inject({
        method: 'PATCH',
        url: `/api/admin/menu/categories/${created.json().id}`,
        headers: admin,
        payload: { name: `${character}메인` },
      });
      expectRefused(renamed, 'name');
      const names = await testApp.dataSource.query(
        `SELECT name FROM menu_categories UNION ALL SELECT name FROM menus`,
      );
      expect(names).toEqual([{ name: '메인' }]);
    });
  });
});

function expectRefused(
  response: { statusCode: number; json(): { error: { code: string; details: unknown[] } } },
  field: string,
): void {
  expect(response.statusCode).toBe(400);
  const { error } = response.json();
  expect(error.code).toBe('VALIDATION_FAILED');
  expect(error.details).toEqual([
    { field, message: `${field} must not contain bidirectional-override or zero-width characters` },
  ]);
}
