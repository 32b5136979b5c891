import {
  adminToken,
  bearer,
  createStore,
  StoreFixture,
  superadminToken,
  tableToken,
} from './support/fixtures';
import { resetData, startTestApp, TestApp } from './support/test-app';

const STORES = '/api/superadmin/stores';
const UNKNOWN_STORE = '00000000-0000-4000-8000-000000000000';

describe('superadmin stores and store admins', () => {
  let testApp: TestApp;
  let existing: StoreFixture;
  let root: Record<string, string>;

  beforeAll(async () => {
    testApp = await startTestApp();
  });
  beforeEach(async () => {
    await resetData(testApp);
    existing = await createStore(testApp.dataSource, 'existing');
    root = bearer(await superadminToken(testApp.app, testApp.dataSource));
  });
  afterAll(() => testApp.close());

  const request = (
    method: 'GET' | 'POST',
    url: string,
    headers: Record<string, string>,
    payload?: object,
  ) => testApp.app.inject({ method, url, headers, payload });

  it('creates a store: 201 with exactly id, code, name, is_active, created_at', async () => {
    const response = await request('POST', STORES, root, {
      code: 'gangnam-01',
      name: '강남 1호점',
    });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(Object.keys(body).sort()).toEqual(['code', 'created_at', 'id', 'is_active', 'name']);
    expect(body).toMatchObject({ code: 'gangnam-01', name: '강남 1호점' });
    expect(new Date(body.created_at).toISOString()).toBe(body.created_at);
    const rows = await testApp.dataSource.query(`SELECT name FROM stores WHERE id = $1`, [body.id]);
    expect(rows).toEqual([{ name: '강남 1호점' }]);
  });

  it('answers a duplicate store code 409 CONFLICT', async () => {
    const response = await request('POST', STORES, root, { code: 'existing', name: 'Again' });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('CONFLICT');
  });

  it.each([
    [{ code: 'Upper-Case', name: 'x' }, 'code'],
    [{ code: 'has space', name: 'x' }, 'code'],
    [{ code: '-leading', name: 'x' }, 'code'],
    [{ code: 'ok-code', name: '' }, 'name'],
    [{ code: 'ok-code', name: 'x', owner: 'me' }, 'owner'],
  ])('answers a bad store body %j 400 VALIDATION_FAILED naming %s', async (payload, field) => {
    const response = await request('POST', STORES, root, payload);
    expect(response.statusCode).toBe(400);
    const { error } = response.json();
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details.map((detail: { field: string }) => detail.field)).toContain(field);
  });

  it('lists the stores', async () => {
    await request('POST', STORES, root, { code: 'second', name: 'Second' });
    const response = await request('GET', STORES, root);
    expect(response.statusCode).toBe(200);
    expect(response.json().map((store: { code: string }) => store.code)).toEqual([
      'existing',
      'second',
    ]);
  });

  it('creates a store admin without exposing the hash, who can then log in', async () => {
    const response = await request('POST', `${STORES}/${existing.storeId}/admins`, root, {
      username: 'night-shift',
      password: 'night-shift-pass',
    });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(Object.keys(body).sort()).toEqual([
      'created_at',
      'id',
      'is_active',
      'role',
      'store_id',
      'username',
    ]);
    expect(body).toMatchObject({
      store_id: existing.storeId,
      username: 'night-shift',
      role: 'store_admin',
    });
    expect(response.body).not.toMatch(/argon2|password/);

    const login = await testApp.app.inject({
      method: 'POST',
      url: '/api/auth/admin/login',
      payload: { store_code: 'existing', username: 'night-shift', password: 'night-shift-pass' },
    });
    expect(login.statusCode).toBe(200);
    expect(login.json()).toMatchObject({ role: 'store_admin', store_id: existing.storeId });
  });

  it('answers a username taken in that store 409, and allows it in another store', async () => {
    const taken = await request('POST', `${STORES}/${existing.storeId}/admins`, root, {
      username: 'manager',
      password: 'another-password',
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('CONFLICT');

    const other = await createStore(testApp.dataSource, 'other', { tableCount: 0 });
    await testApp.dataSource.query(`DELETE FROM users WHERE store_id = $1`, [other.storeId]);
    const free = await request('POST', `${STORES}/${other.storeId}/admins`, root, {
      username: 'manager',
      password: 'another-password',
    });
    expect(free.statusCode).toBe(201);
  });

  it('answers an unknown store 404 and a malformed store id 400', async () => {
    const payload = { username: 'someone', password: 'some-password' };
    const unknown = await request('POST', `${STORES}/${UNKNOWN_STORE}/admins`, root, payload);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('NOT_FOUND');
    const malformed = await request('POST', `${STORES}/not-a-uuid/admins`, root, payload);
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.details).toEqual([
      { field: 'store_id', message: 'store_id must be a UUID' },
    ]);
  });

  it('answers every superadmin route 403 to a store admin and to a table', async () => {
    const others = [
      bearer(await adminToken(testApp.app, existing)),
      bearer(await tableToken(testApp.app, existing)),
    ];
    const calls: [method: 'GET' | 'POST', url: string, payload?: object][] = [
      ['POST', STORES, { code: 'sneaky', name: 'Sneaky' }],
      ['GET', STORES],
      [
        'POST',
        `${STORES}/${existing.storeId}/admins`,
        { username: 'sneaky', password: 'sneaky-password' },
      ],
    ];
    for (const headers of others) {
      for (const [method, url, payload] of calls) {
        const response = await request(method, url, headers, payload);
        expect({ url, status: response.statusCode, code: response.json().error?.code }).toEqual({
          url,
          status: 403,
          code: 'INSUFFICIENT_PERMISSIONS',
        });
      }
    }
    const stores = await testApp.dataSource.query(`SELECT code FROM stores ORDER BY code`);
    expect(stores).toEqual([{ code: 'existing' }]);
    const admins = await testApp.dataSource.query(
      `SELECT username FROM users WHERE username = 'sneaky'`,
    );
    expect(admins).toEqual([]);
  });
});
