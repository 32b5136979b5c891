import { Client } from 'pg';
import { TestApp, resetData, startTestApp, waitForBroker } from '../support/test-app';
import { StoreFixture, bearer, createStore, tableToken } from '../support/fixtures';
import { testDatabaseUrl } from '../support/test-config';
import { runLoad, statusCounts } from './load';

/**
 * Every PostgreSQL backend of the app (application_name table-order-api*, in the test database
 * only) killed with pg_terminate_backend mid-load: at most brief 503s with Retry-After, no
 * request hangs, the same process serves again.
 */
describe('PostgreSQL backends of the app killed under load', () => {
  let testApp: TestApp;
  let store: StoreFixture;
  let token: string;
  let menuId: number;
  const killer = new Client({ connectionString: testDatabaseUrl() });

  beforeAll(async () => {
    testApp = await startTestApp();
    await resetData(testApp);
    await waitForBroker(testApp);
    store = await createStore(testApp.dataSource, 'resil-pg', { tableCount: 1 });
    const [{ id: categoryId }] = await testApp.dataSource.query(
      `INSERT INTO menu_categories (store_id, name) VALUES ($1, 'Main') RETURNING id`,
      [store.storeId],
    );
    [{ id: menuId }] = await testApp.dataSource.query(
      `INSERT INTO menus (store_id, category_id, name, price) VALUES ($1, $2, 'Noodles', 9000) RETURNING id`,
      [store.storeId, categoryId],
    );
    token = await tableToken(testApp.app, store);
    await killer.connect();
  }, 60_000);

  afterAll(async () => {
    await killer.end();
    await testApp?.close();
  });

  it('answers 2xx or a brief 503 with Retry-After, never hangs, and recovers', async () => {
    const kinds = {
      order: {
        perSecond: 10,
        request: () => ({
          method: 'POST' as const,
          url: '/api/orders',
          headers: bearer(token),
          payload: { items: [{ menu_id: menuId, quantity: 1 }] },
        }),
      },
      list: {
        perSecond: 10,
        request: () => ({ method: 'GET' as const, url: '/api/orders', headers: bearer(token) }),
      },
    };
    const load = runLoad(testApp.app, 8_000, kinds);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const { rows } = await killer.query(
      `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid()
          AND application_name LIKE 'table-order-api%'`,
    );
    expect(rows.length).toBeGreaterThan(0);
    const answers = await load;
    const unexpected = answers.filter(
      (a) => !(a.status < 300 || (a.status === 503 && a.retryAfter !== undefined)),
    );
    expect(statusCounts(unexpected)).toEqual({});
    expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(10_000);
    const last = answers.filter((a) => a.at >= answers[answers.length - 1].at - 2_000);
    expect(last.every((a) => a.status < 300)).toBe(true);
  }, 60_000);
});
