import { bearer } from './support/fixtures';
import { LogCapture } from './support/log-capture';
import { orderingWorld, ORDERING_ENV, placeOrder } from './support/ordering';
import { startTcpProxy, TcpProxy } from './support/tcp';
import { startTestApp, TestApp } from './support/test-app';
import { testDatabaseUrl } from './support/test-config';
import { eventually } from './support/eventually';

/**
 * PostgreSQL becomes unreachable while the app runs (a proxy in front of it is cut): requests
 * that need it answer 503 SERVICE_UNAVAILABLE with Retry-After, never a 500, and the app serves
 * again as soon as the database is back.
 */
describe('PostgreSQL outage', () => {
  let proxy: TcpProxy;
  let testApp: TestApp;
  const logs = new LogCapture();

  beforeAll(async () => {
    const target = new URL(testDatabaseUrl());
    proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
    const databaseUrl = new URL(target);
    databaseUrl.port = String(proxy.port);
    testApp = await startTestApp(
      { ...ORDERING_ENV, DATABASE_URL: databaseUrl.toString(), LOG_LEVEL: 'warn' },
      { logs },
    );
  });

  afterAll(async () => {
    proxy.restore();
    await testApp.close();
    await proxy.close();
  });

  it('answers 503 SERVICE_UNAVAILABLE with Retry-After while it is away, and 200 once it is back', async () => {
    const { admin, menus, tables } = await orderingWorld(testApp, { tableLogins: 1 });
    const listTables = () =>
      testApp.app.inject({ method: 'GET', url: '/api/admin/tables', headers: bearer(admin) });
    expect((await listTables()).statusCode).toBe(200);

    proxy.cut();
    for (const response of [
      await listTables(),
      await placeOrder(testApp.app, tables[0], [[menus[0], 1]]),
    ]) {
      expect(response.statusCode).toBe(503);
      expect(response.headers['retry-after']).toBe('5');
      expect(response.json().error).toMatchObject({
        code: 'SERVICE_UNAVAILABLE',
        request_id: response.headers['x-request-id'],
      });
    }

    // An outage is a warning per refused request, not an error with a stack trace.
    expect(logs.find((line) => line.level === 'error')).toEqual([]);
    expect(
      logs.find(
        (line) => line.level === 'warn' && /database is unavailable/.test(line.message ?? ''),
      ),
    ).toHaveLength(2);

    proxy.restore();
    // As a client told Retry-After would: the pool may still hand out a connection that died.
    await eventually(async () => expect((await listTables()).statusCode).toBe(200), {
      timeout: 10_000,
    });
    expect((await placeOrder(testApp.app, tables[0], [[menus[0], 1]])).statusCode).toBe(201);
  });
});
