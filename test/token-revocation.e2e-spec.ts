import {
  adminToken,
  bearer,
  createStore,
  StoreFixture,
  superadminToken,
  tableToken,
} from './support/fixtures';
import { ORDERING_ENV } from './support/ordering';
import { listenForStreams, SseReader } from './support/sse-reader';
import { resetData, startTestApp, TestApp } from './support/test-app';
import { eventually } from './support/eventually';

const STORES = '/api/superadmin/stores';
/** A revocation nobody announced (a row deleted by hand) shows within the 5 s cache, plus slack. */
const UNANNOUNCED_DEADLINE_MS = 9000;

type Response = { statusCode: number; json(): { error?: { code: string } } };

function expectRevoked(response: Response): void {
  expect({ status: response.statusCode, code: response.json().error?.code }).toEqual({
    status: 401,
    code: 'TOKEN_REVOKED',
  });
}

/** Issue 14 finding 4: tokens of changed, deactivated or deleted principals stop working. */
describe('token revocation', () => {
  let testApp: TestApp;
  let store: StoreFixture;
  let root: Record<string, string>;

  beforeAll(async () => {
    testApp = await startTestApp();
  });
  beforeEach(async () => {
    await resetData(testApp);
    store = await createStore(testApp.dataSource, 'alpha');
    root = bearer(await superadminToken(testApp.app, testApp.dataSource));
  });
  afterAll(() => testApp.close());

  const call = (
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    headers: Record<string, string>,
    payload?: object,
    on: TestApp = testApp,
  ) => on.app.inject({ method, url, headers, payload });
  const createCategory = (token: string, name = 'Drinks', on: TestApp = testApp) =>
    call('POST', '/api/admin/menu/categories', bearer(token), { name }, on);
  const tableOrders = (token: string) => call('GET', '/api/orders', bearer(token));
  const adminLogin = (password: string) =>
    call(
      'POST',
      '/api/auth/admin/login',
      {},
      { store_code: 'alpha', username: 'manager', password },
    );
  const patchAdmin = (payload: object, adminId = store.adminId, storeId = store.storeId) =>
    call('PATCH', `${STORES}/${storeId}/admins/${adminId}`, root, payload);
  const patchStore = (isActive: boolean) =>
    call('PATCH', `${STORES}/${store.storeId}`, root, { is_active: isActive });

  it("revokes a table's tokens when its password changes; the new password logs in", async () => {
    const before = await tableToken(testApp.app, store);
    expect((await tableOrders(before)).statusCode).toBe(200);

    const admin = await adminToken(testApp.app, store);
    const changed = await call('PATCH', `/api/admin/tables/${store.tables[0].id}`, bearer(admin), {
      password: 'new-table-pass',
    });
    expect(changed.statusCode).toBe(200);

    expectRevoked(await tableOrders(before));
    expectRevoked(
      await call('POST', '/api/orders', bearer(before), { items: [{ menu_id: 1, quantity: 1 }] }),
    );
    const login = await call(
      'POST',
      '/api/auth/table/login',
      {},
      {
        store_code: 'alpha',
        table_number: 1,
        password: 'new-table-pass',
      },
    );
    expect(login.statusCode).toBe(200);
    expect((await tableOrders(login.json().access_token)).statusCode).toBe(200);
    // Renumbering alone keeps the tablet's tokens.
    const renumbered = await call(
      'PATCH',
      `/api/admin/tables/${store.tables[0].id}`,
      bearer(admin),
      {
        table_number: 9,
      },
    );
    expect(renumbered.statusCode).toBe(200);
    expect((await tableOrders(login.json().access_token)).statusCode).toBe(200);
  });

  it("revokes an admin's tokens when the superadmin sets a new password", async () => {
    const before = await adminToken(testApp.app, store);
    expect((await createCategory(before, 'First')).statusCode).toBe(201);

    const changed = await patchAdmin({ password: 'brand-new-password' });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ id: store.adminId, is_active: true });
    expect(changed.body).not.toMatch(/argon2|password/);

    expectRevoked(await createCategory(before));
    expect((await adminLogin(store.adminPassword)).statusCode).toBe(401);
    const login = await adminLogin('brand-new-password');
    expect(login.statusCode).toBe(200);
    expect((await createCategory(login.json().access_token)).statusCode).toBe(201);
  });

  it('refuses a deactivated admin: tokens 401, stream tickets 401, logins 401; reactivation does not revive old tokens', async () => {
    const before = await adminToken(testApp.app, store);
    const ticket = await call('POST', '/api/admin/orders/stream-ticket', bearer(before));
    expect(ticket.statusCode).toBe(200);

    const deactivated = await patchAdmin({ is_active: false });
    expect(deactivated.statusCode).toBe(200);
    expect(deactivated.json().is_active).toBe(false);

    expectRevoked(await createCategory(before));
    expectRevoked(await call('POST', '/api/admin/orders/stream-ticket', bearer(before)));
    // A ticket taken before the deactivation opens nothing afterwards.
    expectRevoked(await call('GET', `/api/admin/orders/stream?ticket=${ticket.json().ticket}`, {}));
    const refused = await adminLogin(store.adminPassword);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe('INVALID_CREDENTIALS');

    expect((await patchAdmin({ is_active: true })).statusCode).toBe(200);
    expectRevoked(await createCategory(before));
    expect((await adminLogin(store.adminPassword)).statusCode).toBe(200);
  });

  it("refuses a deleted admin's token (401, within the version cache's 5 s)", async () => {
    const token = await adminToken(testApp.app, store);
    expect((await createCategory(token, 'First')).statusCode).toBe(201);
    await testApp.dataSource.query(`DELETE FROM users WHERE id = $1`, [store.adminId]);
    await eventually(async () => expectRevoked(await createCategory(token)), {
      timeout: UNANNOUNCED_DEADLINE_MS,
    });
  });

  it("deactivating a store revokes its admins' and tables' tokens and refuses their logins; other stores keep working", async () => {
    const other = await createStore(testApp.dataSource, 'beta');
    const otherAdmin = await adminToken(testApp.app, other);
    const admin = await adminToken(testApp.app, store);
    const table = await tableToken(testApp.app, store);

    const deactivated = await patchStore(false);
    expect(deactivated.statusCode).toBe(200);
    expect(deactivated.json()).toMatchObject({ id: store.storeId, is_active: false });

    expectRevoked(await createCategory(admin));
    expectRevoked(await tableOrders(table));
    expect((await adminLogin(store.adminPassword)).statusCode).toBe(401);
    const tableLogin = await call(
      'POST',
      '/api/auth/table/login',
      {},
      {
        store_code: 'alpha',
        table_number: 1,
        password: store.tables[0].password,
      },
    );
    expect(tableLogin.statusCode).toBe(401);
    expect(tableLogin.json().error.code).toBe('INVALID_CREDENTIALS');
    expect((await createCategory(otherAdmin)).statusCode).toBe(201);

    const listed = await call('GET', STORES, root);
    expect(listed.json().find((s: { id: string }) => s.id === store.storeId).is_active).toBe(false);

    expect((await patchStore(true)).statusCode).toBe(200);
    expectRevoked(await createCategory(admin));
    expectRevoked(await tableOrders(table));
    expect((await adminLogin(store.adminPassword)).statusCode).toBe(200);
  });

  it("answers a deleted store's admin token 401, never the 500 of a foreign-key error", async () => {
    const token = await adminToken(testApp.app, store);
    expect((await createCategory(token, 'First')).statusCode).toBe(201);
    await testApp.dataSource.query(`DELETE FROM stores WHERE id = $1`, [store.storeId]);
    // Still cached as current or not: the guard or the foreign key refuses it, at once.
    expectRevoked(await createCategory(token));
  });

  it('lists a store’s admins and answers unknown ones 404, another store’s 404 and an empty patch 400', async () => {
    const other = await createStore(testApp.dataSource, 'beta');
    const listed = await call('GET', `${STORES}/${store.storeId}/admins`, root);
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toEqual([
      {
        id: store.adminId,
        store_id: store.storeId,
        username: 'manager',
        role: 'store_admin',
        is_active: true,
        created_at: expect.any(String),
      },
    ]);
    expect((await patchAdmin({ is_active: false }, 999_999)).statusCode).toBe(404);
    expect((await patchAdmin({ is_active: false }, other.adminId)).statusCode).toBe(404);
    expect((await patchAdmin({})).statusCode).toBe(400);
    expect((await patchAdmin({ password: 'short' })).statusCode).toBe(400);
    const unknownStore = '00000000-0000-4000-8000-000000000000';
    expect((await call('GET', `${STORES}/${unknownStore}/admins`, root)).statusCode).toBe(404);
    expect(
      (await call('PATCH', `${STORES}/${unknownStore}`, root, { is_active: false })).statusCode,
    ).toBe(404);
    expect((await call('PATCH', `${STORES}/${store.storeId}`, root, {})).statusCode).toBe(400);
    // The other store's admin is untouched.
    expect((await createCategory(await adminToken(testApp.app, other))).statusCode).toBe(201);
  });

  it('revokes on another instance at once (pub/sub), not only when its cache expires', async () => {
    const second = await startTestApp();
    try {
      const token = await adminToken(testApp.app, store);
      // The second instance has the version cached.
      expect((await createCategory(token, 'First', second)).statusCode).toBe(201);
      const revokedAt = Date.now();
      expect((await patchAdmin({ is_active: false })).statusCode).toBe(200);
      // Well inside the 5 s the cache could keep the old version.
      await eventually(async () => expectRevoked(await createCategory(token, 'Second', second)), {
        timeout: 4000,
      });
      expect(Date.now() - revokedAt).toBeLessThan(4000);
    } finally {
      await second.close();
    }
  });

  it('ends the open streams of a revoked admin, on its instance and on another, and only those', async () => {
    const listening = await startTestApp(ORDERING_ENV);
    const readers: SseReader[] = [];
    try {
      const port = await listenForStreams(listening);
      const other = await createStore(testApp.dataSource, 'beta');
      const open = async (token: string) => {
        const reader = await SseReader.open(port, '/api/admin/orders/stream', bearer(token));
        readers.push(reader);
        await reader.nextFrame((frame) => frame.event === 'snapshot', 'the snapshot');
        return reader;
      };
      const revoked = await open(await adminToken(testApp.app, store));
      const untouched = await open(await adminToken(testApp.app, other));

      // Revoked through the other instance: the notice reaches the streaming one.
      expect((await patchAdmin({ password: 'brand-new-password' })).statusCode).toBe(200);
      await eventually(() => expect(revoked.ended).toBe(true), { timeout: 4000 });
      expect(untouched.ended).toBe(false);

      const renewed = await open(
        await adminToken(testApp.app, { ...store, adminPassword: 'brand-new-password' }),
      );
      expect((await patchStore(false)).statusCode).toBe(200);
      await eventually(() => expect(renewed.ended).toBe(true), { timeout: 4000 });
      expect(untouched.ended).toBe(false);
    } finally {
      for (const reader of readers) reader.close();
      await listening.close();
    }
  });
});
