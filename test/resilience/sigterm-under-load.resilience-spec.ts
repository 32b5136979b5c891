import { Agent } from 'node:http';
import { DataSource } from 'typeorm';
import { typeOrmOptions } from '../../src/database/typeorm-options';

import { createStore, removeStore, StoreFixture, tableTokenOverHttp } from '../support/fixtures';
import { Haproxy, ProxiedInstance, startPairBehindHaproxy } from '../support/haproxy';
import { createMenus, MenuFixture } from '../support/ordering';
import { builtAppEnv, testConfig } from '../support/test-config';
import { runHttpLoad, statusCounts } from './load';
import { SMALL_POOL } from './pool';

/**
 * The under-load variant of test/rolling-restart.e2e-spec.ts (whose 8 clients each wait for
 * their answer before sending again): two built-app instances behind HAProxy, a fixed rate of
 * menu reads and orders over keep-alive connections whatever the answers take, no client retry;
 * one instance gets SIGTERM mid-load. It keeps serving through its drain delay, HAProxy moves
 * the traffic to the other one, it exits 0, and not one request fails.
 */
const TABLES = 4;
const READS_PER_SECOND = 120;
const ORDERS_PER_SECOND = 30;
const LOAD_MS = 12_000;
const SIGTERM_AFTER_MS = 3_000;
/** Longer than HAProxy needs to see the 503 (one check a second, one failure takes it out). */
const DRAIN_DELAY_SECONDS = 2;

describe('SIGTERM to one instance under load behind HAProxy', () => {
  let dataSource: DataSource;
  let store: StoreFixture;
  let menus: MenuFixture[];
  let instances: ProxiedInstance[] = [];
  let proxy: Haproxy | undefined;

  beforeAll(async () => {
    dataSource = await new DataSource(typeOrmOptions(testConfig(SMALL_POOL))).initialize();
    const [stale] = await dataSource.query(`SELECT id FROM stores WHERE code = 'resil-sigterm'`);
    if (stale) await removeStore(dataSource, stale.id);
    store = await createStore(dataSource, 'resil-sigterm', { tableCount: TABLES });
    menus = await createMenus(dataSource, store.storeId, [{ name: 'Bibimbap', price: 9000 }]);
    ({ instances, proxy } = await startPairBehindHaproxy((port) =>
      builtAppEnv({
        ...SMALL_POOL,
        PORT: String(port),
        SHUTDOWN_DRAIN_DELAY_SECONDS: String(DRAIN_DELAY_SECONDS),
        RATE_LIMIT_MAX: '1000000',
      }),
    ));
  }, 120_000);

  afterAll(async () => {
    await proxy?.stop();
    for (const instance of instances) instance.app.kill();
    if (store) await removeStore(dataSource, store.storeId);
    await dataSource?.destroy();
  });

  it('answers every request while the instance drains and exits', async () => {
    const frontPort = proxy!.frontPort;
    const tokens = await Promise.all(
      store.tables.map((_, index) => tableTokenOverHttp(frontPort, store, index)),
    );
    let sent = 0;
    const nextToken = (): string => tokens[sent++ % TABLES];
    const orderBody = JSON.stringify({ items: [{ menu_id: menus[0].id, quantity: 1 }] });
    const agent = new Agent({ keepAlive: true, maxSockets: 64 });
    const load = runHttpLoad(frontPort, agent, LOAD_MS, {
      menu: {
        perSecond: READS_PER_SECOND,
        request: () => ({
          path: '/api/menu/items',
          headers: { authorization: `Bearer ${nextToken()}` },
        }),
      },
      order: {
        perSecond: ORDERS_PER_SECOND,
        request: () => ({
          path: '/api/orders',
          method: 'POST',
          headers: { authorization: `Bearer ${nextToken()}`, 'content-type': 'application/json' },
          body: orderBody,
        }),
      },
    });

    await new Promise((resolve) => setTimeout(resolve, SIGTERM_AFTER_MS));
    const [stopped] = instances;
    const outputAtSignal = stopped.app.output().length;
    stopped.app.child.kill('SIGTERM');
    expect(await stopped.app.exited).toEqual({ code: 0, signal: null });
    const answers = await load;
    agent.destroy();

    expect(statusCounts(answers.filter((a) => a.error || a.status >= 300))).toEqual({});
    const seconds = LOAD_MS / 1000;
    expect(answers.length).toBeGreaterThanOrEqual(
      0.9 * seconds * (READS_PER_SECOND + ORDERS_PER_SECOND),
    );
    // It served requests after the signal (its drain delay), not only before.
    expect(stopped.app.output().slice(outputAtSignal)).toMatch(
      /"message":"GET \/api\/menu\/items 200/,
    );

    const orders = answers.filter((a) => a.kind === 'order');
    const [{ count }] = await dataSource.query(
      `SELECT count(*)::int AS count FROM orders WHERE store_id = $1`,
      [store.storeId],
    );
    expect(count).toBe(orders.length);
  }, 120_000);
});
