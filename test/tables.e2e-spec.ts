import { adminToken, bearer, createStore, StoreFixture, tableToken } from './support/fixtures';
import { MenuFixture, ORDERING_ENV, orderingWorld, placeOrder } from './support/ordering';
import { startTestApp, TestApp } from './support/test-app';

describe('admin tables (/api/admin/tables)', () => {
  let testApp: TestApp;
  let store: StoreFixture;
  let admin: string;
  let menus: MenuFixture[];

  beforeAll(async () => {
    testApp = await startTestApp(ORDERING_ENV);
  });
  beforeEach(async () => {
    ({ store, menus, admin } = await orderingWorld(testApp, { tableCount: 3 }));
  });
  afterAll(() => testApp.close());

  const request = (
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    payload?: object,
    token = admin,
  ) => testApp.app.inject({ method, url, headers: bearer(token), payload });
  const tableLogin = (tableNumber: number, password: string) =>
    testApp.app.inject({
      method: 'POST',
      url: '/api/auth/table/login',
      payload: { store_code: 'alpha', table_number: tableNumber, password },
    });

  it('lists the tables by number with the active session summary or null', async () => {
    const t1 = await tableToken(testApp.app, store, 0);
    const first = (await placeOrder(testApp.app, t1, [[menus[0], 2]])).json();
    await placeOrder(testApp.app, t1, [[menus[1], 3]]);

    const response = await request('GET', '/api/admin/tables');
    expect(response.statusCode).toBe(200);
    const [one, two, three] = response.json();
    expect(one).toEqual({
      id: store.tables[0].id,
      table_number: 1,
      session: {
        id: first.table_session_id,
        started_at: expect.any(String),
        order_count: 2,
        total_amount: 18000 + 6000,
      },
    });
    const [session] = await testApp.dataSource.query(
      `SELECT started_at FROM table_sessions WHERE id = $1`,
      [first.table_session_id],
    );
    expect(one.session.started_at).toBe(session.started_at.toISOString());
    expect(two).toEqual({ id: store.tables[1].id, table_number: 2, session: null });
    expect(three.session).toBeNull();
  });

  it('creates a table whose tablet can log in with the argon2id-hashed password', async () => {
    const response = await request('POST', '/api/admin/tables', {
      table_number: 12,
      password: 'tab-12-pass',
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({ id: expect.any(Number), table_number: 12, session: null });
    const [row] = await testApp.dataSource.query(
      `SELECT store_id, password_hash FROM tables WHERE id = $1`,
      [response.json().id],
    );
    expect(row.store_id).toBe(store.storeId);
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect((await tableLogin(12, 'tab-12-pass')).statusCode).toBe(200);
  });

  it('answers 409 CONFLICT for a number the store already has (another store may use it)', async () => {
    const duplicate = await request('POST', '/api/admin/tables', {
      table_number: 2,
      password: 'pass-1234',
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error.code).toBe('CONFLICT');

    const other = await createStore(testApp.dataSource, 'beta', { tableCount: 0 });
    const elsewhere = await request(
      'POST',
      '/api/admin/tables',
      { table_number: 2, password: 'pass-1234' },
      await adminToken(testApp.app, other),
    );
    expect(elsewhere.statusCode).toBe(201);
  });

  it.each([
    ['table_number 0', { table_number: 0, password: 'pass-1234' }, 'table_number'],
    ['table_number 10000', { table_number: 10000, password: 'pass-1234' }, 'table_number'],
    ['table_number as a string', { table_number: '5', password: 'pass-1234' }, 'table_number'],
    ['a missing password', { table_number: 5 }, 'password'],
    ['a 3-character password', { table_number: 5, password: '123' }, 'password'],
    ['an unknown field', { table_number: 5, password: 'pass-1234', seats: 4 }, 'seats'],
  ])('rejects %s with 400 naming the field', async (_name, payload, field) => {
    const response = await request('POST', '/api/admin/tables', payload);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('changes the password, lifting a lockout; the old password stops working', async () => {
    const table = store.tables[0];
    for (let failure = 1; failure <= 5; failure++) {
      expect((await tableLogin(1, 'wrong-pass')).statusCode).toBe(401);
    }
    expect((await tableLogin(1, table.password)).statusCode).toBe(423);
    const response = await request('PATCH', `/api/admin/tables/${table.id}`, {
      password: 'fresh-pass',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ id: table.id, table_number: 1, session: null });
    expect((await tableLogin(1, 'fresh-pass')).statusCode).toBe(200);
    expect((await tableLogin(1, table.password)).statusCode).toBe(401);
  });

  it('answers PATCH of an unknown table with 404, a malformed id with 400, a bad body with 400', async () => {
    expect(
      (await request('PATCH', '/api/admin/tables/999999', { password: 'fresh-pass' })).statusCode,
    ).toBe(404);
    expect(
      (await request('PATCH', '/api/admin/tables/x1', { password: 'fresh-pass' })).statusCode,
    ).toBe(400);
    for (const body of [{}, { password: null }, { table_number: 0 }, { password: 'abc' }]) {
      const bad = await request('PATCH', `/api/admin/tables/${store.tables[0].id}`, body);
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('renumbers a table: the tablet logs in with the new number; a taken number is 409', async () => {
    const [first, second] = store.tables;
    const renumbered = await request('PATCH', `/api/admin/tables/${first.id}`, {
      table_number: 42,
    });
    expect(renumbered.statusCode).toBe(200);
    expect(renumbered.json()).toEqual({ id: first.id, table_number: 42, session: null });
    expect((await tableLogin(42, first.password)).statusCode).toBe(200);
    expect((await tableLogin(1, first.password)).statusCode).toBe(401);

    const taken = await request('PATCH', `/api/admin/tables/${second.id}`, {
      table_number: 42,
      password: 'other-pass',
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('CONFLICT');
    // Nothing of the refused change was written.
    expect((await tableLogin(2, second.password)).statusCode).toBe(200);
  });

  it('is for store admins only', async () => {
    const tablet = await tableToken(testApp.app, store, 0);
    expect((await request('GET', '/api/admin/tables', undefined, tablet)).statusCode).toBe(403);
  });
});
