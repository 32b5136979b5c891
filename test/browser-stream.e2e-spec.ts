import { createServer, Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { typeOrmOptions } from '../src/database/typeorm-options';
import { OutboxRepository } from '../src/outbox/outbox.repository';
import { OutboxWriter } from '../src/outbox/outbox-writer.service';
import { launchChromium } from './support/browser';
import { BuiltApp, fixedTestPort, startBuiltApp } from './support/built-app';
import { eventually } from './support/eventually';
import {
  adminCredentials,
  createStore,
  removeStore,
  StoreFixture,
  tableCredentials,
  tableTokenOverHttp,
} from './support/fixtures';
import { Haproxy } from './support/haproxy';
import { createMenus, MenuFixture } from './support/ordering';
import { builtAppEnv, testConfig } from './support/test-config';

/**
 * A dashboard and a tablet in a real browser across restarts: each page (served from an allowed
 * origin) logs in with fetch, takes one stream ticket and opens `new EventSource(url,
 * {withCredentials: true})` with no reconnect code of its own. After the instance restarts, and
 * separately after a rolling restart behind HAProxy, the browser's own reconnect is accepted by
 * the stream_session cookie, resumes from Last-Event-ID, and every order reaches both pages once.
 */
const PAGE = `<!doctype html><meta charset="utf-8"><title>live orders</title><script>
  const params = new URLSearchParams(location.search);
  const api = params.get('api');
  const stream = params.get('stream');
  window.seen = [];
  window.opened = 0;
  (async () => {
    const login = await fetch(api + params.get('login_path'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: params.get('login'),
    });
    const { access_token } = await login.json();
    const answer = await fetch(api + stream + '-ticket', {
      method: 'POST',
      headers: { authorization: 'Bearer ' + access_token },
      credentials: 'include',
    });
    const { ticket } = await answer.json();
    const source = new EventSource(api + stream + '?ticket=' + ticket, { withCredentials: true });
    source.onopen = () => window.opened++;
    source.addEventListener('snapshot', () => undefined);
    source.addEventListener('order.created', (event) => {
      window.seen.push({ id: event.lastEventId, order: JSON.parse(event.data).data.id });
    });
    window.source = source;
  })();
</script>`;

/** The admin's dashboard and the tablet's page: where each logs in, which stream it opens. */
const DASHBOARD = { loginPath: '/api/auth/admin/login', stream: '/api/admin/orders/stream' };
const TABLET = { loginPath: '/api/auth/table/login', stream: '/api/orders/stream' };

/** Longer than HAProxy needs to see the 503 (one check a second, one failure takes it out). */
const BEHIND_PROXY_DRAIN_SECONDS = 2;

interface Seen {
  id: string;
  order: number;
}

describe('a dashboard and a tablet in a real browser across restarts', () => {
  let dataSource: DataSource;
  let store: StoreFixture;
  let menus: MenuFixture[];
  let browser: Browser;
  let pageServer: Server;
  let origin: string;

  /** HAProxy needs the drain delay to take an instance out; a lone instance stops at once. */
  const envFor = (port: number, drainDelaySeconds = 0): NodeJS.ProcessEnv =>
    builtAppEnv({
      PORT: String(port),
      SHUTDOWN_DRAIN_DELAY_SECONDS: String(drainDelaySeconds),
      RATE_LIMIT_MAX: '1000000',
      CORS_ORIGINS: origin,
    });

  beforeAll(async () => {
    dataSource = await new DataSource(typeOrmOptions(testConfig())).initialize();
    const [stale] = await dataSource.query(`SELECT id FROM stores WHERE code = 'browser-stream'`);
    if (stale) await removeStore(dataSource, stale.id);
    store = await createStore(dataSource, 'browser-stream', { tableCount: 1 });
    menus = await createMenus(dataSource, store.storeId, [{ name: 'Bibimbap', price: 9000 }]);
    const pagePort = await fixedTestPort();
    origin = `http://localhost:${pagePort}`;
    pageServer = createServer((_request, response) =>
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE),
    );
    await new Promise<void>((resolve) => pageServer.listen(pagePort, '127.0.0.1', resolve));
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => pageServer.close(resolve));
    await removeStore(dataSource, store.storeId);
    await dataSource.destroy();
  });

  /** Each page in a browser context (cookie jar) of its own. */
  async function openPage(
    apiPort: number,
    { loginPath, stream }: typeof DASHBOARD,
    credentials: object,
  ): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    const query = new URLSearchParams({
      api: `http://localhost:${apiPort}`,
      login_path: loginPath,
      login: JSON.stringify(credentials),
      stream,
    });
    await page.goto(`${origin}/?${query.toString()}`);
    await eventually(async () => expect(await page.evaluate('window.opened')).toBe(1));
    return page;
  }

  async function placeOrder(apiPort: number, token: string): Promise<number> {
    const response = await fetch(`http://127.0.0.1:${apiPort}/api/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ items: [{ menu_id: menus[0].id, quantity: 1 }] }),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: number }).id;
  }

  async function openBoth(apiPort: number): Promise<{ dashboard: Page; tablet: Page }> {
    return {
      dashboard: await openPage(apiPort, DASHBOARD, adminCredentials(store)),
      tablet: await openPage(apiPort, TABLET, tableCredentials(store, 0)),
    };
  }

  const seenOrders = async (page: Page): Promise<number[]> =>
    ((await page.evaluate('window.seen')) as Seen[]).map((seen) => seen.order);

  /** Open again after its browser reconnected at least `reconnects` times. */
  async function expectReconnected(page: Page, reconnects: number): Promise<void> {
    expect(await page.evaluate('window.opened')).toBeGreaterThanOrEqual(1 + reconnects);
    expect(await page.evaluate('window.source.readyState')).toBe(1);
  }

  it('stays live when its instance restarts, and misses nothing written while it was down', async () => {
    const port = await fixedTestPort();
    let app: BuiltApp = await startBuiltApp(envFor(port));
    try {
      const { dashboard, tablet } = await openBoth(port);
      const token = await tableTokenOverHttp(port, store);
      const before = await placeOrder(port, token);
      await eventually(async () => expect(await seenOrders(dashboard)).toEqual([before]));
      await eventually(async () => expect(await seenOrders(tablet)).toEqual([before]));

      app.child.kill('SIGTERM');
      expect(await app.exited).toEqual({ code: 0, signal: null });
      // Written while no instance runs; the next one relays it, the dashboard's reconnect replays
      // it (the tablet's audience is its own table's orders: not this one).
      await dataSource.transaction((manager) =>
        new OutboxWriter(new OutboxRepository(dataSource)).append(manager, {
          routingKey: 'order.created',
          storeId: store.storeId,
          data: { id: -1 },
        }),
      );
      app = await startBuiltApp(envFor(port));
      const after = await placeOrder(port, token);

      await eventually(
        async () => expect(await seenOrders(dashboard)).toEqual([before, -1, after]),
        { timeout: 30_000 },
      );
      await eventually(async () => expect(await seenOrders(tablet)).toEqual([before, after]), {
        timeout: 30_000,
      });
      for (const page of [dashboard, tablet]) {
        expect(await page.evaluate('window.opened')).toBe(2);
        await expectReconnected(page, 1);
      }
    } finally {
      app.kill();
    }
  }, 120_000);

  it('stays live through a rolling restart behind HAProxy, every order reaching both pages once', async () => {
    const instances: { name: string; port: number; app: BuiltApp }[] = [];
    let proxy: Haproxy | undefined;
    try {
      for (const name of ['a', 'b']) {
        const port = await fixedTestPort();
        instances.push({
          name,
          port,
          app: await startBuiltApp(envFor(port, BEHIND_PROXY_DRAIN_SECONDS)),
        });
      }
      proxy = await Haproxy.start({
        frontPort: await fixedTestPort(),
        statsPort: await fixedTestPort(),
        backends: instances.map(({ name, port }) => ({ name, port })),
      });
      const { dashboard, tablet } = await openBoth(proxy.frontPort);
      const token = await tableTokenOverHttp(proxy.frontPort, store);

      let ordering = true;
      const placed: number[] = [];
      const ordered = (async () => {
        while (ordering) placed.push(await placeOrder(proxy!.frontPort, token));
      })();
      for (const instance of instances) {
        instance.app.child.kill('SIGTERM');
        expect(await instance.app.exited).toEqual({ code: 0, signal: null });
        await proxy.waitForStatus(instance.name, 'DOWN');
        instance.app = await startBuiltApp(envFor(instance.port, BEHIND_PROXY_DRAIN_SECONDS));
        await proxy.waitForStatus(instance.name, 'UP');
      }
      ordering = false;
      await ordered;
      placed.push(await placeOrder(proxy.frontPort, token));

      // Each order exactly once, replayed after Last-Event-ID or live (two instances' relays
      // publish side by side, so not necessarily in the order placed).
      const byId = (a: number, b: number): number => a - b;
      for (const page of [dashboard, tablet]) {
        await eventually(
          async () => expect((await seenOrders(page)).sort(byId)).toEqual([...placed].sort(byId)),
          { timeout: 30_000 },
        );
        await expectReconnected(page, 1);
      }
    } finally {
      await proxy?.stop();
      for (const instance of instances) instance.app.kill();
    }
  }, 240_000);
});
