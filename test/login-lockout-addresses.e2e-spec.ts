import { createStore, createSuperadmin, StoreFixture } from './support/fixtures';
import { resetData, startTestApp, TestApp } from './support/test-app';

/**
 * Issue 14 finding 5: a stranger's five wrong passwords must not lock the owner out. Failures
 * count per (account, client address); only many failures from several addresses lock the
 * account for everyone. The client address is the one the app sees (TRUST_PROXY is off here, so
 * the socket's: `inject`'s remoteAddress).
 */
const STRANGER = '203.0.113.7';
const OWNER = '198.51.100.20';

type Response = {
  statusCode: number;
  headers: Record<string, unknown>;
  json(): { role?: string; error: { code: string } };
};

function expectLocked(response: Response): void {
  expect(response.statusCode).toBe(423);
  expect(response.json().error.code).toBe('ACCOUNT_LOCKED');
  expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(1);
}

function expectFailure(response: Response): void {
  expect(response.statusCode).toBe(401);
  expect(response.json().error.code).toBe('INVALID_CREDENTIALS');
}

describe('login lockout per client address', () => {
  let testApp: TestApp;
  let store: StoreFixture;

  beforeAll(async () => {
    testApp = await startTestApp();
  });
  beforeEach(async () => {
    await resetData(testApp);
    store = await createStore(testApp.dataSource, 'demo');
    await createSuperadmin(testApp.dataSource);
  });
  afterAll(() => testApp.close());

  const login = (url: string, payload: object, from: string, on = testApp) =>
    on.app.inject({ method: 'POST', url, payload, remoteAddress: from });
  const adminLogin = (password: string, from: string, username = 'manager', on = testApp) =>
    login('/api/auth/admin/login', { store_code: 'demo', username, password }, from, on);

  it("does not lock the owner at another address out after a stranger's five guesses", async () => {
    for (let guess = 1; guess <= 5; guess++)
      expectFailure(await adminLogin(`guess-${guess}`, STRANGER));
    expectLocked(await adminLogin(store.adminPassword, STRANGER));

    const owner = await adminLogin(store.adminPassword, OWNER);
    expect(owner.statusCode).toBe(200);
    expect(owner.json().role).toBe('store_admin');
    // The owner's own mistakes are counted for the owner's address only.
    expectFailure(await adminLogin('typo', OWNER));
    expect((await adminLogin(store.adminPassword, OWNER)).statusCode).toBe(200);
    expectLocked(await adminLogin(store.adminPassword, STRANGER));
  });

  it('treats tables, the superadmin and names without an account the same way', async () => {
    // [route, who, the right password, what the owner's address gets with it]
    const attempts: Array<[string, object, string, number]> = [
      [
        '/api/auth/table/login',
        { store_code: 'demo', table_number: 1 },
        store.tables[0].password,
        200,
      ],
      ['/api/auth/superadmin/login', { username: 'root-admin' }, 'root-admin-password', 200],
      // No such account: the owner's address gets the plain 401 any wrong password gets.
      ['/api/auth/admin/login', { store_code: 'demo', username: 'nobody' }, 'whatever-1', 401],
    ];
    for (const [url, who, password, ownerStatus] of attempts) {
      for (let guess = 1; guess <= 5; guess++) {
        expectFailure(await login(url, { ...who, password: `guess-${guess}` }, STRANGER));
      }
      expectLocked(await login(url, { ...who, password }, STRANGER));
      expect((await login(url, { ...who, password }, OWNER)).statusCode).toBe(ownerStatus);
    }
  });

  it('locks the account for every address after 50 failures from at least 3 addresses (the defaults)', async () => {
    // Ten addresses, five guesses each: every one locks itself; the 50th failure locks the account.
    for (let host = 1; host <= 10; host++) {
      for (let guess = 1; guess <= 5; guess++) {
        expectFailure(await adminLogin(`guess-${guess}`, `192.0.2.${host}`));
      }
    }
    expectLocked(await adminLogin(store.adminPassword, OWNER));
    // Another account of the same store is not affected.
    const otherHash = (
      await testApp.dataSource.query(`SELECT password_hash FROM users WHERE id = $1`, [
        store.adminId,
      ])
    )[0].password_hash;
    await testApp.dataSource.query(
      `INSERT INTO users (store_id, username, password_hash, role) VALUES ($1, 'night', $2, 'store_admin')`,
      [store.storeId, otherHash],
    );
    expect((await adminLogin(store.adminPassword, OWNER, 'night')).statusCode).toBe(200);
  });

  it('needs the failures from enough distinct addresses before it locks everyone', async () => {
    const lenient = await startTestApp({
      LOGIN_MAX_FAILURES: '100',
      LOGIN_ACCOUNT_MAX_FAILURES: '10',
      LOGIN_ACCOUNT_MIN_ADDRESSES: '3',
    });
    try {
      for (let guess = 1; guess <= 10; guess++) {
        expectFailure(
          await adminLogin(
            `guess-${guess}`,
            guess % 2 ? '192.0.2.1' : '192.0.2.2',
            'manager',
            lenient,
          ),
        );
      }
      // Ten failures, but from two addresses: the owner at a third still gets in.
      expect((await adminLogin(store.adminPassword, OWNER, 'manager', lenient)).statusCode).toBe(
        200,
      );
      // One more from a third address completes the ceiling: everyone is locked.
      expectFailure(await adminLogin('guess-11', '192.0.2.3', 'manager', lenient));
      expectLocked(await adminLogin(store.adminPassword, OWNER, 'manager', lenient));
    } finally {
      await lenient.close();
    }
  });

  it('counts IPv6 clients per /64, like the rate limiter', async () => {
    for (let guess = 1; guess <= 5; guess++) {
      expectFailure(await adminLogin(`guess-${guess}`, `2001:db8:1:2::${guess}`));
    }
    expectLocked(await adminLogin(store.adminPassword, '2001:db8:1:2::99'));
    expect((await adminLogin(store.adminPassword, '2001:db8:1:3::1')).statusCode).toBe(200);
  });
});
