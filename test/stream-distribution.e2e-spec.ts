import { DataSource } from 'typeorm';
import { typeOrmOptions } from '../src/database/typeorm-options';
import { BuiltApp, fixedTestPort, startBuiltApp } from './support/built-app';
import { eventually } from './support/eventually';
import {
  adminTokenOverHttp,
  createStore,
  removeStore,
  StoreFixture,
  tableTokenOverHttp,
} from './support/fixtures';
import { Haproxy } from './support/haproxy';
import { createMenus, MenuFixture } from './support/ordering';
import { parsePrometheusText } from './support/prometheus-text';
import { ReconnectingStream } from './support/reconnecting-stream';
import { builtAppEnv, testConfig } from './support/test-config';

/**
 * Where dashboards' streams end up after a deploy behind HAProxy (round robin, health check every
 * second, as the ALB): 40 streams that reconnect as a browser's EventSource does (retry hint,
 * stream_session cookie, Last-Event-ID) and give up on any answer but 200. Each instance's
 * `sse_clients_connected` says how many it holds. Three deploys: new instances beside the old
 * ones (ECS at 200 %), the old ones leaving by their failed health check (the app's 1–5 s hint
 * moves their streams) or deregistered before the signal (ECS: the balancer cuts the streams);
 * and both instances restarted in place, in turn.
 */
const STREAMS = 40;
/** Longer than HAProxy needs to see the 503 (one check a second, one failure takes it out). */
const DRAIN_DELAY_SECONDS = 2;
const STREAM = '/api/admin/orders/stream';

interface Instance {
  name: string;
  port: number;
  app?: BuiltApp;
}

describe('streams over the instances after a deploy', () => {
  let dataSource: DataSource;
  let store: StoreFixture;
  let menus: MenuFixture[];

  const envFor = (port: number): NodeJS.ProcessEnv =>
    builtAppEnv({
      PORT: String(port),
      SHUTDOWN_DRAIN_DELAY_SECONDS: String(DRAIN_DELAY_SECONDS),
      RATE_LIMIT_MAX: '1000000',
      SSE_MAX_STREAMS_PER_PRINCIPAL: String(STREAMS),
      SSE_MAX_STREAMS_PER_STORE: String(STREAMS),
    });

  beforeAll(async () => {
    dataSource = await new DataSource(typeOrmOptions(testConfig())).initialize();
    const [stale] = await dataSource.query(
      `SELECT id FROM stores WHERE code = 'stream-distribution'`,
    );
    if (stale) await removeStore(dataSource, stale.id);
    store = await createStore(dataSource, 'stream-distribution', { tableCount: 1 });
    menus = await createMenus(dataSource, store.storeId, [{ name: 'Bibimbap', price: 9000 }]);
  });

  afterAll(async () => {
    await removeStore(dataSource, store.storeId);
    await dataSource.destroy();
  });

  async function streamsOn(instance: Instance): Promise<number> {
    const response = await fetch(`http://127.0.0.1:${instance.port}/metrics`);
    const sample = parsePrometheusText(await response.text()).find(
      ({ name }) => name === 'sse_clients_connected',
    );
    return sample!.value;
  }

  /** Opens the streams through the proxy, each with a ticket of its own and its cookie. */
  async function openStreams(frontPort: number): Promise<ReconnectingStream[]> {
    const admin = await adminTokenOverHttp(frontPort, store);
    const streams: ReconnectingStream[] = [];
    for (let i = 0; i < STREAMS; i++) {
      const answer = await fetch(`http://127.0.0.1:${frontPort}${STREAM}-ticket`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}` },
      });
      const { ticket } = (await answer.json()) as { ticket: string };
      const cookie = String(answer.headers.get('set-cookie')).split(';')[0];
      streams.push(new ReconnectingStream(frontPort, `${STREAM}?ticket=${ticket}`, cookie));
    }
    await eventually(() => expect(streams.filter((stream) => stream.open)).toHaveLength(STREAMS));
    return streams;
  }

  async function stop(instance: Instance, proxy: Haproxy): Promise<void> {
    instance.app!.child.kill('SIGTERM');
    expect(await instance.app!.exited).toEqual({ code: 0, signal: null });
    instance.app = undefined;
    await proxy.waitForStatus(instance.name, 'DOWN');
  }

  async function start(instance: Instance, proxy: Haproxy): Promise<void> {
    instance.app = await startBuiltApp(envFor(instance.port));
    await proxy.waitForStatus(instance.name, 'UP');
  }

  /** Prints where the streams landed and checks each new instance holds a fair share. */
  function expectSpreadOverNewInstances(deploy: string, held: Record<string, number>): void {
    process.stdout.write(`stream distribution after ${deploy}: ${JSON.stringify(held)}\n`);
    expect(Object.keys(held)).toEqual(['c', 'd']);
    for (const count of Object.values(held)) expect(count).toBeGreaterThanOrEqual(STREAMS / 4);
  }

  /**
   * Runs `deploy` with every stream open, waits until all are open again, checks that an order
   * placed afterwards reaches every one of them, and returns how many each running instance holds.
   */
  async function distributionAfter(
    names: { running: string[]; later: string[] },
    deploy: (instances: Map<string, Instance>, proxy: Haproxy) => Promise<void>,
  ): Promise<Record<string, number>> {
    const instances = new Map<string, Instance>();
    for (const name of [...names.running, ...names.later]) {
      instances.set(name, { name, port: await fixedTestPort() });
    }
    let proxy: Haproxy | undefined;
    let streams: ReconnectingStream[] = [];
    try {
      for (const name of names.running) {
        const instance = instances.get(name)!;
        instance.app = await startBuiltApp(envFor(instance.port));
      }
      proxy = await Haproxy.start({
        frontPort: await fixedTestPort(),
        statsPort: await fixedTestPort(),
        backends: [...instances.values()].map(({ name, port }) => ({ name, port })),
        startingLater: names.later,
      });
      streams = await openStreams(proxy.frontPort);
      await deploy(instances, proxy);

      await eventually(
        () => {
          expect(streams.map((stream) => stream.failed).filter(Boolean)).toEqual([]);
          expect(streams.filter((stream) => stream.open)).toHaveLength(STREAMS);
        },
        { timeout: 30_000 },
      );
      expect(streams.every((stream) => stream.opened >= 2)).toBe(true);
      const running = [...instances.values()].filter((instance) => instance.app);
      const held = Object.fromEntries(
        await Promise.all(running.map(async (i) => [i.name, await streamsOn(i)] as const)),
      );
      expect(Object.values(held).reduce((sum, count) => sum + count, 0)).toBe(STREAMS);

      // Every stream is live where it now is.
      const token = await tableTokenOverHttp(proxy.frontPort, store);
      const placed = await fetch(`http://127.0.0.1:${proxy.frontPort}/api/orders`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ items: [{ menu_id: menus[0].id, quantity: 1 }] }),
      });
      expect(placed.status).toBe(201);
      const [{ event_id }] = await dataSource.query(
        `SELECT id AS event_id FROM outbox_events WHERE store_id = $1 ORDER BY position DESC LIMIT 1`,
        [store.storeId],
      );
      await eventually(() =>
        expect(streams.filter((stream) => stream.receivedIds().includes(event_id))).toHaveLength(
          STREAMS,
        ),
      );
      return held;
    } finally {
      await Promise.all(streams.map((stream) => stream.close()));
      await proxy?.stop();
      for (const instance of instances.values()) instance.app?.kill();
    }
  }

  it('spreads them over the new instances started beside the old ones, which leave by their failed health check', async () => {
    const held = await distributionAfter(
      { running: ['a', 'b'], later: ['c', 'd'] },
      async (instances, proxy) => {
        await start(instances.get('c')!, proxy);
        await start(instances.get('d')!, proxy);
        await stop(instances.get('a')!, proxy);
        await stop(instances.get('b')!, proxy);
      },
    );
    expectSpreadOverNewInstances('a deploy by health check', held);
  }, 180_000);

  it('spreads them over the new instances when each old one is deregistered before its SIGTERM (ECS with the ALB)', async () => {
    const held = await distributionAfter(
      { running: ['a', 'b'], later: ['c', 'd'] },
      async (instances, proxy) => {
        await start(instances.get('c')!, proxy);
        await start(instances.get('d')!, proxy);
        for (const name of ['a', 'b']) {
          const instance = instances.get(name)!;
          // The balancer closes its streams; they reconnect with no hint of the app's.
          await proxy.deregister(name);
          await eventually(async () => expect(await streamsOn(instance)).toBe(0));
          instance.app!.child.kill('SIGTERM');
          expect(await instance.app!.exited).toEqual({ code: 0, signal: null });
          instance.app = undefined;
        }
      },
    );
    expectSpreadOverNewInstances('a deploy that deregisters first', held);
  }, 180_000);

  // Where they land depends on how fast the second instance is back: the streams whose hint is
  // longer than its restart split between both, the others all go to the first one restarted.
  it('brings every stream back, live, when two instances restart in place, in turn', async () => {
    const held = await distributionAfter(
      { running: ['a', 'b'], later: [] },
      async (instances, proxy) => {
        for (const instance of instances.values()) {
          await stop(instance, proxy);
          await start(instance, proxy);
        }
      },
    );
    process.stdout.write(
      `stream distribution after an in-place restart: ${JSON.stringify(held)}\n`,
    );
    expect(Object.keys(held)).toEqual(['a', 'b']);
  }, 180_000);
});
