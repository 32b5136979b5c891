import { Agent } from 'node:http';
import { DataSource } from 'typeorm';
import { typeOrmOptions } from '../src/database/typeorm-options';
import { startBuiltApp } from './support/built-app';
import {
  adminTokenOverHttp,
  createStore,
  removeStore,
  StoreFixture,
  tableTokenOverHttp,
} from './support/fixtures';
import { Haproxy, ProxiedInstance, startPairBehindHaproxy } from './support/haproxy';
import { createMenus, MenuFixture } from './support/ordering';
import { Outcome, send } from './support/plain-http';
import { builtAppEnv, testConfig } from './support/test-config';

/**
 * A rolling restart behind HAProxy (health check GET /health every second, no retries, as the
 * ALB): two built-app instances, 6 readers and 2 tablets ordering without client retries; each
 * instance in turn gets SIGTERM, exits 0 and starts again on its port. Not one request fails,
 * and every order answered 201 is in PostgreSQL exactly once.
 */
const READERS = 6;
const TABLETS = 2;
/** Longer than HAProxy needs to see the 503 (one check a second, one failure takes it out). */
const DRAIN_DELAY_SECONDS = 2;

describe('rolling restart behind a health-checking proxy', () => {
  let dataSource: DataSource;
  let store: StoreFixture;
  let menus: MenuFixture[];
  let instances: ProxiedInstance[] = [];
  let proxy: Haproxy | undefined;

  const envFor = (port: number): NodeJS.ProcessEnv =>
    builtAppEnv({
      PORT: String(port),
      SHUTDOWN_DRAIN_DELAY_SECONDS: String(DRAIN_DELAY_SECONDS),
      RATE_LIMIT_MAX: '1000000',
    });

  beforeAll(async () => {
    dataSource = await new DataSource(typeOrmOptions(testConfig())).initialize();
    const [stale] = await dataSource.query(`SELECT id FROM stores WHERE code = 'rolling-restart'`);
    if (stale) await removeStore(dataSource, stale.id);
    store = await createStore(dataSource, 'rolling-restart', { tableCount: TABLETS });
    menus = await createMenus(dataSource, store.storeId, [{ name: 'Bibimbap', price: 9000 }]);
    ({ instances, proxy } = await startPairBehindHaproxy(envFor));
  }, 120_000);

  afterAll(async () => {
    await proxy?.stop();
    for (const instance of instances) instance.app.kill();
    await removeStore(dataSource, store.storeId);
    await dataSource.destroy();
  });

  it('loses no request and places every order exactly once', async () => {
    const frontPort = proxy!.frontPort;
    const admin = await adminTokenOverHttp(frontPort, store);
    const tablets = await Promise.all(
      store.tables.map((_, index) => tableTokenOverHttp(frontPort, store, index)),
    );

    let running = true;
    const loop = async (next: (agent: Agent) => Promise<Outcome>): Promise<Outcome[]> => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const outcomes: Outcome[] = [];
      while (running) outcomes.push(await next(agent));
      agent.destroy();
      return outcomes;
    };
    const readers = Array.from({ length: READERS }, () =>
      loop((agent) =>
        send({
          port: frontPort,
          path: '/api/menu/categories',
          headers: { authorization: `Bearer ${admin}` },
          agent,
        }),
      ),
    );
    const orderBody = JSON.stringify({ items: [{ menu_id: menus[0].id, quantity: 1 }] });
    const orderers = tablets.slice(0, TABLETS).map((token) =>
      loop((agent) =>
        send({
          port: frontPort,
          path: '/api/orders',
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: orderBody,
          agent,
        }),
      ),
    );

    for (const instance of instances) {
      instance.app.child.kill('SIGTERM');
      expect(await instance.app.exited).toEqual({ code: 0, signal: null });
      await proxy!.waitForStatus(instance.name, 'DOWN');
      instance.app = await startBuiltApp(envFor(instance.port));
      await proxy!.waitForStatus(instance.name, 'UP');
    }
    running = false;

    const reads = (await Promise.all(readers)).flat();
    const orders = (await Promise.all(orderers)).flat();
    const failed = [...reads, ...orders].filter(
      (outcome) => outcome.error !== undefined || outcome.status! >= 300,
    );
    process.stdout.write(
      `rolling restart: ${reads.length} reads and ${orders.length} orders, ${failed.length} failed\n`,
    );
    expect(failed.map(({ status, error, body }) => ({ status, error, body }))).toEqual([]);
    expect(reads.length).toBeGreaterThan(100);
    expect(orders.length).toBeGreaterThan(10);
    expect(orders.every((outcome) => outcome.status === 201)).toBe(true);

    const placedIds = orders.map((outcome) => (JSON.parse(outcome.body!) as { id: number }).id);
    const [{ count }] = await dataSource.query(
      `SELECT count(*)::int AS count FROM orders WHERE store_id = $1`,
      [store.storeId],
    );
    expect(count).toBe(orders.length);
    expect(new Set(placedIds).size).toBe(orders.length);
  }, 180_000);
});
