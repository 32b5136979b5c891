import {
  adminToken,
  bearer,
  createStore,
  createSuperadmin,
  StoreFixture,
} from './support/fixtures';
import { eventually } from './support/eventually';
import { resetData, startTestApp, TestApp } from './support/test-app';

/** Short enough to wait out in a test, long enough not to expire between two requests. */
const LOCK_SECONDS = 2;

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

  const post = (url: string, payload: object) =>
    testApp.app.inject({ method: 'POST', url, payload });

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
    expect(bodies).toEqual(
      Array(3).fill({ code: 'INVALID_CREDENTIALS', message: 'Invalid credentials' }),
    );
  });

  it('answers unknown store, unknown table and wrong table password with the same 401 body', async () => {
    const attempts = [
      { store_code: 'nope', table_number: 1, password: store.tables[0].password },
      { store_code: 'alpha', table_number: 99, password: store.tables[0].password },
      { store_code: 'alpha', table_number: 1, password: 'wrong-password' },
    ];
    for (const attempt of attempts) {
      const response = await post('/api/auth/table/login', attempt);
      expect(response.statusCode).toBe(401);
      expect(response.json().error).toMatchObject({
        code: 'INVALID_CREDENTIALS',
        message: 'Invalid credentials',
      });
    }
  });

  it('answers an unknown superadmin and a wrong superadmin password with the same 401 body', async () => {
    for (const attempt of [
      { username: 'nobody', password: 'root-admin-password' },
      { username: 'root-admin', password: 'wrong-password' },
      // a store admin's username and password do not make a superadmin
      { username: 'manager', password: store.adminPassword },
    ]) {
      const response = await post('/api/auth/superadmin/login', attempt);
      expect(response.statusCode).toBe(401);
      expect(response.json().error).toMatchObject({
        code: 'INVALID_CREDENTIALS',
        message: 'Invalid credentials',
      });
    }
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

describe('login lockout', () => {
  let testApp: TestApp;
  let store: StoreFixture;

  beforeAll(async () => {
    testApp = await startTestApp({ LOGIN_LOCK_SECONDS: String(LOCK_SECONDS) });
  });
  beforeEach(async () => {
    await resetData(testApp);
    store = await createStore(testApp.dataSource, 'alpha');
    await createSuperadmin(testApp.dataSource);
  });
  afterAll(() => testApp.close());

  const adminLogin = (password: string, on: TestApp = testApp) =>
    on.app.inject({
      method: 'POST',
      url: '/api/auth/admin/login',
      payload: { store_code: 'alpha', username: 'manager', password },
    });

  async function failTimes(count: number, on: TestApp = testApp): Promise<void> {
    for (let attempt = 1; attempt <= count; attempt++) {
      const response = await adminLogin('wrong-password', on);
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe('INVALID_CREDENTIALS');
    }
  }

  function expectLocked(response: {
    statusCode: number;
    headers: Record<string, unknown>;
    json(): { error: { code: string } };
  }): number {
    expect(response.statusCode).toBe(423);
    expect(response.json().error.code).toBe('ACCOUNT_LOCKED');
    const retryAfter = Number(response.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(LOCK_SECONDS);
    return retryAfter;
  }

  it('answers the 5th failure from an address 401 and locks that address; the 6th, even with the right password, is 423', async () => {
    await failTimes(5);

    expectLocked(await adminLogin(store.adminPassword));
    expectLocked(await adminLogin('wrong-password'));
  });

  it('resets the count on a success', async () => {
    await failTimes(4);
    expect((await adminLogin(store.adminPassword)).statusCode).toBe(200);
    // Eight failures in all, but never five since the success: no lock.
    await failTimes(4);
    expect((await adminLogin(store.adminPassword)).statusCode).toBe(200);
  });

  it('unlocks once the lock time has passed, and the next failure starts a new count', async () => {
    await failTimes(5);
    const retryAfter = expectLocked(await adminLogin(store.adminPassword));

    // While locked every attempt is 423 and uncounted; the first after the lock is a plain failure.
    await eventually(() => failTimes(1), { timeout: retryAfter * 1000 + 2000 });
    // A new count: three more failures do not lock again (4 in all), the fifth does.
    await failTimes(3);
    expect((await adminLogin(store.adminPassword)).statusCode).toBe(200);
    await failTimes(5);
    expectLocked(await adminLogin(store.adminPassword));
  });

  it('locks a table and the superadmin the same way', async () => {
    const table = { store_code: 'alpha', table_number: 1 };
    for (let attempt = 1; attempt <= 5; attempt++) {
      const response = await testApp.app.inject({
        method: 'POST',
        url: '/api/auth/table/login',
        payload: { ...table, password: 'wrong-password' },
      });
      expect(response.statusCode).toBe(401);
    }
    expectLocked(
      await testApp.app.inject({
        method: 'POST',
        url: '/api/auth/table/login',
        payload: { ...table, password: store.tables[0].password },
      }),
    );
    // The other table of the store is not affected.
    const other = await testApp.app.inject({
      method: 'POST',
      url: '/api/auth/table/login',
      payload: { store_code: 'alpha', table_number: 2, password: store.tables[1].password },
    });
    expect(other.statusCode).toBe(200);

    for (let attempt = 1; attempt <= 5; attempt++) {
      const response = await testApp.app.inject({
        method: 'POST',
        url: '/api/auth/superadmin/login',
        payload: { username: 'root-admin', password: 'wrong-password' },
      });
      expect(response.statusCode).toBe(401);
    }
    expectLocked(
      await testApp.app.inject({
        method: 'POST',
        url: '/api/auth/superadmin/login',
        payload: { username: 'root-admin', password: 'root-admin-password' },
      }),
    );
  });

  it('locks names without an account the same way, so the lockout reveals no account', async () => {
    const unknown = [
      { url: '/api/auth/admin/login', payload: { store_code: 'alpha', username: 'nobody' } },
      { url: '/api/auth/admin/login', payload: { store_code: 'no-store', username: 'manager' } },
      { url: '/api/auth/table/login', payload: { store_code: 'alpha', table_number: 99 } },
      { url: '/api/auth/superadmin/login', payload: { username: 'nobody' } },
    ];
    for (const { url, payload } of unknown) {
      const attempt = () =>
        testApp.app.inject({
          method: 'POST',
          url,
          payload: { ...payload, password: 'guess-1234' },
        });
      for (let failure = 1; failure <= 5; failure++) {
        const response = await attempt();
        expect(response.statusCode).toBe(401);
        expect(response.json().error.code).toBe('INVALID_CREDENTIALS');
      }
      expectLocked(await attempt());
    }
    // The real account beside them is untouched.
    expect((await adminLogin(store.adminPassword)).statusCode).toBe(200);
  });

  it('counts failures across instances: 3 on one, 2 on another lock the account on both', async () => {
    const second = await startTestApp({ LOGIN_LOCK_SECONDS: String(LOCK_SECONDS) });
    try {
      await failTimes(3);
      await failTimes(2, second);
      expectLocked(await adminLogin(store.adminPassword));
      expectLocked(await adminLogin(store.adminPassword, second));
    } finally {
      await second.close();
    }
  });
});
