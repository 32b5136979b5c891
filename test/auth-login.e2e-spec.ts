import { adminToken, bearer, createStore, createSuperadmin, StoreFixture } from './support/fixtures';
import { resetData, startTestApp, TestApp } from './support/test-app';

describe('logins and the auth guard', () => {
  let testApp: TestApp;
  let store: StoreFixture;

  beforeAll(async () => {
    testApp = await startTestApp();
  });
  beforeEach(async () => {
    await resetData(testApp);
    store = await createStore(testApp.dataSource, 'alpha');
    await createSuperadmin(testApp.dataSource);
  });
  afterAll(() => testApp.close());

  const post = (url: string, payload: object) => testApp.app.inject({ method: 'POST', url, payload });

  it('logs a superadmin in with an RS256 token and the contract fields only', async () => {
    const response = await post('/api/auth/superadmin/login', {
      username: 'root-admin',
      password: 'root-admin-password',
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'role', 'token_type']);
    expect(body).toMatchObject({ token_type: 'Bearer', role: 'superadmin', expires_in: 3600 });
    const header = JSON.parse(Buffer.from(body.access_token.split('.')[0], 'base64url').toString());
    expect(header.alg).toBe('RS256');
  });

  it('logs a store admin in with store_id and a 16 h token', async () => {
    const response = await post('/api/auth/admin/login', {
      store_code: 'alpha',
      username: 'manager',
      password: store.adminPassword,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      token_type: 'Bearer',
      role: 'store_admin',
      store_id: store.storeId,
      expires_in: 16 * 3600,
    });
  });

  it('logs a table in with store_id, table_id, table_number and a 30 day token', async () => {
    const response = await post('/api/auth/table/login', {
      store_code: 'alpha',
      table_number: 2,
      password: store.tables[1].password,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      role: 'table',
      store_id: store.storeId,
      table_id: store.tables[1].id,
      table_number: 2,
      expires_in: 30 * 86400,
    });
  });

  it('answers unknown store, unknown user and wrong password with the same 401 body', async () => {
    const attempts = [
      { store_code: 'nope', username: 'manager', password: store.adminPassword },
      { store_code: 'alpha', username: 'ghost', password: store.adminPassword },
      { store_code: 'alpha', username: 'manager', password: 'wrong-password' },
    ];
    const bodies = [];
    for (const attempt of attempts) {
      const response = await post('/api/auth/admin/login', attempt);
      expect(response.statusCode).toBe(401);
      const { error } = response.json();
      bodies.push({ code: error.code, message: error.message });
    }
    expect(bodies).toEqual(Array(3).fill({ code: 'INVALID_CREDENTIALS', message: 'Invalid credentials' }));
  });

  it('rejects a login body with an unknown field or a wrong type, with field details', async () => {
    const response = await post('/api/auth/table/login', {
      store_code: 'alpha',
      table_number: 'one',
      password: 'x',
      remember_me: true,
    });
    expect(response.statusCode).toBe(400);
    const { error } = response.json();
    expect(error.code).toBe('VALIDATION_FAILED');
    const fields = error.details.map((detail: { field: string }) => detail.field);
    expect(fields).toEqual(expect.arrayContaining(['table_number', 'remember_me']));
  });

  it('guards routes: no token 401, garbage 401, wrong role 403, right role 200', async () => {
    const url = '/api/superadmin/stores';
    const none = await testApp.app.inject({ method: 'GET', url });
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('AUTHENTICATION_REQUIRED');

    const garbage = await testApp.app.inject({ method: 'GET', url, headers: bearer('a.b.c') });
    expect(garbage.statusCode).toBe(401);
    expect(garbage.json().error.code).toBe('INVALID_TOKEN');

    const admin = await testApp.app.inject({
      method: 'GET',
      url,
      headers: bearer(await adminToken(testApp.app, store)),
    });
    expect(admin.statusCode).toBe(403);
    expect(admin.json().error.code).toBe('INSUFFICIENT_PERMISSIONS');
  });
});
