import { DEMO_ADMIN, DEMO_MENU, DEMO_STORE, DEMO_TABLE_PASSWORD } from '../src/seed/demo-data';
import { ensureSuperadmin, isDatabaseEmpty, seedDemoData } from '../src/seed/seeder';
import { resetData, startTestApp, TestApp } from './support/test-app';

/** The demo data of `npm run seed` (and of a first start in development), and the superadmin sync. */
describe('seeding', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });
  beforeEach(() => resetData(testApp));
  afterAll(() => testApp.close());

  const login = (url: string, payload: object) =>
    testApp.app.inject({ method: 'POST', url, payload });

  it('fills an empty database once: a second run adds nothing, and the demo logins work', async () => {
    expect(await isDatabaseEmpty(testApp.dataSource)).toBe(true);
    const logins = await seedDemoData(testApp.dataSource);
    expect(logins).toEqual({
      store_code: DEMO_STORE.code,
      admin: { username: DEMO_ADMIN.username, password: DEMO_ADMIN.password },
      tables: { numbers: '1-10', password: DEMO_TABLE_PASSWORD },
    });
    expect(await isDatabaseEmpty(testApp.dataSource)).toBe(false);
    await seedDemoData(testApp.dataSource);

    const [counts] = await testApp.dataSource.query(
      `SELECT (SELECT count(*) FROM stores)::int AS stores,
              (SELECT count(*) FROM users WHERE role = 'store_admin')::int AS admins,
              (SELECT count(*) FROM tables)::int AS tables,
              (SELECT count(*) FROM menu_categories)::int AS categories,
              (SELECT count(*) FROM menus)::int AS menus`,
    );
    const itemCount = DEMO_MENU.reduce((sum, group) => sum + group.items.length, 0);
    expect(counts).toEqual({
      stores: 1,
      admins: 1,
      tables: 10,
      categories: DEMO_MENU.length,
      menus: itemCount,
    });

    const admin = await login('/api/auth/admin/login', {
      store_code: DEMO_STORE.code,
      username: DEMO_ADMIN.username,
      password: DEMO_ADMIN.password,
    });
    expect(admin.statusCode).toBe(200);
    const table = await login('/api/auth/table/login', {
      store_code: DEMO_STORE.code,
      table_number: 10,
      password: DEMO_TABLE_PASSWORD,
    });
    expect(table.statusCode).toBe(200);
    const items = await testApp.app.inject({
      method: 'GET',
      url: '/api/menu/items',
      headers: { authorization: `Bearer ${table.json().access_token}` },
    });
    expect(
      items
        .json()
        .map((item: { name: string }) => item.name)
        .sort(),
    ).toEqual(DEMO_MENU.flatMap((group) => group.items.map((item) => item.name)).sort());
  });

  it('creates the superadmin, keeps it while its password holds, and restores a changed or disabled one', async () => {
    const sync = (password: string) =>
      ensureSuperadmin(testApp.dataSource, { username: 'Root', password }, false);
    const superadminLogin = async (password: string) =>
      (await login('/api/auth/superadmin/login', { username: 'root', password })).statusCode;

    expect(await sync('first-password-1')).toBe('created');
    expect(await sync('first-password-1')).toBe('unchanged');
    expect(await superadminLogin('first-password-1')).toBe(200);

    expect(await sync('second-password-2')).toBe('updated');
    expect(await superadminLogin('first-password-1')).toBe(401);
    expect(await superadminLogin('second-password-2')).toBe(200);

    await testApp.dataSource.query(
      `/* query:seed_spec.disable */ UPDATE users SET is_active = false WHERE store_id IS NULL`,
    );
    expect(await superadminLogin('second-password-2')).toBe(401);
    expect(await sync('second-password-2')).toBe('updated');
    expect(await superadminLogin('second-password-2')).toBe(200);
  });
});
