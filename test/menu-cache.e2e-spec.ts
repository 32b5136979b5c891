import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { cacheKey } from '../src/common/cache/cache-keys';
import { CacheService } from '../src/common/cache/cache.service';
import { RedisService } from '../src/infrastructure/redis/redis.service';
import { adminToken, bearer, createStore, StoreFixture, tableToken } from './support/fixtures';
import {
  closedPort,
  countQueries,
  createCategory,
  createItem,
  redisTarget,
  resetMenu,
} from './support/menu-helpers';
import { eventually } from './support/eventually';
import { startTcpProxy } from './support/tcp';
import { resetData, startTestApp, TestApp } from './support/test-app';
import { testRedisUrl } from './support/test-config';

interface Item {
  id: number;
  price: number;
  is_available: boolean;
}

describe('menu cache-aside', () => {
  let a: TestApp;
  let b: TestApp;
  let redis: Redis;
  let store: StoreFixture;
  let admin: string;
  let table: string;
  let categoryId: number;
  let items: Item[];

  beforeAll(async () => {
    a = await startTestApp();
    b = await startTestApp();
    redis = a.app.get(RedisService).client;
    await resetData(a);
    store = await createStore(a.dataSource, 'alpha');
    admin = await adminToken(a.app, store);
    table = await tableToken(a.app, store);
  });
  beforeEach(async () => {
    await resetMenu(a);
    categoryId = (await createCategory(a.app, admin, { name: 'Main' })).id;
    items = [];
    for (const [index, available] of [true, true, false].entries()) {
      items.push(
        await createItem(a.app, admin, {
          category_id: categoryId,
          name: `Item ${index}`,
          price: 1000 * (index + 1),
          is_available: available,
        }),
      );
    }
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  const get = (app: TestApp, url: string, token: string) =>
    app.app.inject({ method: 'GET', url, headers: bearer(token) });
  const prices = async (app: TestApp, token: string) =>
    (await get(app, '/api/menu/items', token)).json().map((item: Item) => item.price);

  it('fills {store}:menu_item:all on the first read and answers the next ones without PostgreSQL', async () => {
    const queries = countQueries(a.dataSource, 'menus');
    const first = await get(a, '/api/menu/items', table);
    expect(first.statusCode).toBe(200);
    expect(queries.count()).toBe(1);

    const stored = JSON.parse((await redis.get(`${store.storeId}:menu_item:all`)) as string);
    expect(stored.map((item: Item) => item.id)).toEqual(items.map((item) => item.id));
    expect(stored[2].is_available).toBe(false);

    const again = await get(a, '/api/menu/items', table);
    expect(again.json()).toEqual(first.json());
    expect((await get(a, '/api/menu/items', admin)).json()).toHaveLength(3);
    expect((await get(a, `/api/menu/items?category_id=${categoryId}`, table)).json()).toHaveLength(
      2,
    );
    expect(queries.count()).toBe(1);

    // A second instance has no in-process copy: it answers from Redis, still without PostgreSQL.
    const other = countQueries(b.dataSource, 'menus');
    expect((await get(b, '/api/menu/items', table)).json()).toEqual(first.json());
    expect(other.count()).toBe(0);
  });

  it('counts hits and misses per entity in cache_requests_total', async () => {
    const sample = async (entity: string, result: string) => {
      const text = (await a.app.inject({ method: 'GET', url: '/metrics' })).body;
      const line = text
        .split('\n')
        .find((row) =>
          row.startsWith(`cache_requests_total{entity="${entity}",result="${result}"}`),
        );
      return line ? Number(line.split(' ')[1]) : 0;
    };
    const before = {
      hit: await sample('menu_item', 'hit'),
      miss: await sample('menu_item', 'miss'),
    };
    await get(a, '/api/menu/items', table);
    await get(a, '/api/menu/items', table);
    await get(b, '/api/menu/items', admin);
    expect(await sample('menu_item', 'miss')).toBe(before.miss + 1);
    expect(await sample('menu_item', 'hit')).toBe(before.hit + 1);
    await get(a, '/api/menu/categories', admin);
    expect(await sample('menu_category', 'miss')).toBeGreaterThanOrEqual(1);
  });

  it('caches categories and single items under their own keys', async () => {
    const queries = countQueries(a.dataSource, 'menu_categories|menus');
    await get(a, '/api/menu/categories', table);
    await get(a, `/api/menu/items/${items[0].id}`, table);
    expect(JSON.parse((await redis.get(`${store.storeId}:menu_category:all`)) as string)).toEqual([
      { id: categoryId, name: 'Main', display_order: 0 },
    ]);
    const one = JSON.parse(
      (await redis.get(`${store.storeId}:menu_item:${items[0].id}`)) as string,
    );
    expect(one).toMatchObject({ id: items[0].id, price: 1000 });
    const counted = queries.count();

    await get(b, '/api/menu/categories', admin);
    await get(b, `/api/menu/items/${items[0].id}`, admin);
    await get(a, `/api/menu/items/${items[0].id}`, table);
    expect(queries.count()).toBe(counted);
    expect(await redis.ttl(`${store.storeId}:menu_item:${items[0].id}`)).toBeGreaterThan(290);
  });

  it('shows an item update to the next read on this and on another instance', async () => {
    for (const app of [a, b]) {
      expect(await prices(app, table)).toEqual([1000, 2000]);
      expect(await prices(app, admin)).toEqual([1000, 2000, 3000]);
      expect((await get(app, `/api/menu/items/${items[2].id}`, table)).statusCode).toBe(404);
    }

    const patched = await a.app.inject({
      method: 'PATCH',
      url: `/api/admin/menu/items/${items[2].id}`,
      headers: bearer(admin),
      payload: { price: 3500, is_available: true },
    });
    expect(patched.statusCode).toBe(200);

    for (const app of [b, a]) {
      expect(await prices(app, table)).toEqual([1000, 2000, 3500]);
      expect(await prices(app, admin)).toEqual([1000, 2000, 3500]);
      const one = await get(app, `/api/menu/items/${items[2].id}`, table);
      expect(one.json().price).toBe(3500);
    }
  });

  it('shows deletes and category changes on every instance', async () => {
    for (const app of [a, b]) {
      await get(app, '/api/menu/categories', table);
      await get(app, `/api/menu/items?category_id=${categoryId}`, admin);
    }
    await b.app.inject({
      method: 'PATCH',
      url: `/api/admin/menu/categories/${categoryId}`,
      headers: bearer(admin),
      payload: { name: 'Mains', display_order: 4 },
    });
    for (const item of items) {
      await b.app.inject({
        method: 'DELETE',
        url: `/api/admin/menu/items/${item.id}`,
        headers: bearer(admin),
      });
    }
    for (const app of [a, b]) {
      expect((await get(app, '/api/menu/categories', table)).json()).toEqual([
        { id: categoryId, name: 'Mains', display_order: 4 },
      ]);
      expect((await get(app, `/api/menu/items?category_id=${categoryId}`, admin)).json()).toEqual(
        [],
      );
    }
    await b.app.inject({
      method: 'DELETE',
      url: `/api/admin/menu/categories/${categoryId}`,
      headers: bearer(admin),
    });
    for (const app of [a, b]) {
      expect((await get(app, `/api/menu/items?category_id=${categoryId}`, admin)).statusCode).toBe(
        404,
      );
      expect((await get(app, '/api/menu/categories', table)).json()).toEqual([]);
    }
  });

  it('loads once from PostgreSQL for 50 concurrent misses', async () => {
    const queries = countQueries(a.dataSource, 'menus');
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => get(a, '/api/menu/items', table)),
    );
    expect(responses.every((response) => response.statusCode === 200)).toBe(true);
    expect(new Set(responses.map((response) => response.body)).size).toBe(1);
    expect(queries.count()).toBe(1);
  });

  it('never stores a value loaded before an invalidation (stale-set guard)', async () => {
    const cache = a.app.get(CacheService);
    const key = cacheKey(store.storeId, 'menu_item', 'guard');
    const value = await cache.getOrLoad(key, async () => {
      await cache.invalidate(cacheKey(store.storeId, 'menu_item', 'all'));
      return 'loaded before the write';
    });
    expect(value).toBe('loaded before the write');
    expect(await redis.exists(key)).toBe(0);

    await cache.getOrLoad(key, async () => 'loaded after the write');
    expect(await redis.get(key)).toBe('"loaded after the write"');
  });

  it('guards keys of another shape (session:{id}) with a token of their own', async () => {
    const cache = a.app.get(CacheService);
    const key = 'session:424242';
    await cache.getOrLoad(key, async () => {
      await b.app.get(CacheService).invalidate(key);
      return ['order placed before the write'];
    });
    expect(await redis.exists(key)).toBe(0);
    await cache.getOrLoad(key, async () => ['fresh']);
    expect(await redis.get(key)).toBe('["fresh"]');
    await cache.invalidate(key);
    expect(await redis.exists(key, 'cache_version:session:424242')).toBe(0);
  });

  it('does not hand a load that began before a write to a reader arriving after it', async () => {
    const cache = a.app.get(CacheService);
    const key = cacheKey(store.storeId, 'menu_item', 'flight');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let earlyLoadBegan = false;
    const early = cache.getOrLoad(key, async () => {
      earlyLoadBegan = true;
      await gate;
      return 'before';
    });
    const joined = cache.getOrLoad(key, async () => 'never called');
    await eventually(() => expect(earlyLoadBegan).toBe(true));
    // The write happens on the other instance: this one learns of it only through Redis.
    await b.app.get(CacheService).invalidate(key);
    // The late reader's own load opens the gate; had it joined the early load, only the
    // fallback would, and it would answer 'before'.
    const fallback = setTimeout(() => release(), 2000);
    const late = cache.getOrLoad(key, async () => {
      release();
      return 'after';
    });
    expect(await Promise.all([early, joined, late])).toEqual(['before', 'before', 'after']);
    clearTimeout(fallback);
  });

  it('drops a key family by prefix with SCAN, token included', async () => {
    const cache = a.app.get(CacheService);
    const prefix = cacheKey(store.storeId, 'order_history', '7:');
    await cache.getOrLoad(`${prefix}page:1`, async () => [1]);
    await cache.getOrLoad(`${prefix}page:2`, async () => [2]);
    await cache.getOrLoad(cacheKey(store.storeId, 'order_history', '8:page:1'), async () => [3]);
    const token = `${store.storeId}:cache_version:order_history`;
    expect(await redis.exists(token)).toBe(1);

    await cache.invalidatePrefix(prefix);
    expect(await redis.exists(`${prefix}page:1`, `${prefix}page:2`)).toBe(0);
    expect(await redis.exists(cacheKey(store.storeId, 'order_history', '8:page:1'))).toBe(1);
    expect(await redis.exists(token)).toBe(0);
  });
});

describe('menu reads while Redis is away', () => {
  let main: TestApp;
  let admin: string;
  let table: string;
  let store: StoreFixture;

  beforeAll(async () => {
    main = await startTestApp();
    await resetData(main);
    store = await createStore(main.dataSource, 'alpha');
    admin = await adminToken(main.app, store);
    table = await tableToken(main.app, store);
  });
  beforeEach(() => resetMenu(main));
  afterAll(() => main.close());
  afterEach(() => jest.restoreAllMocks());

  it('answers from PostgreSQL when Redis is unreachable, with one warning per outage', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const down = await startTestApp({ REDIS_URL: `redis://127.0.0.1:${await closedPort()}/0` });
    try {
      const category = await createCategory(down.app, admin, { name: 'Main' });
      const item = await createItem(down.app, admin, {
        category_id: category.id,
        name: 'A',
        price: 100,
      });
      for (let read = 0; read < 5; read++) {
        const response = await down.app.inject({
          method: 'GET',
          url: '/api/menu/items',
          headers: bearer(table),
        });
        expect(response.statusCode).toBe(200);
        expect(response.json()).toEqual([expect.objectContaining({ id: item.id, price: 100 })]);
      }
      await down.app.inject({
        method: 'PATCH',
        url: `/api/admin/menu/items/${item.id}`,
        headers: bearer(admin),
        payload: { price: 200 },
      });
      const after = await down.app.inject({
        method: 'GET',
        url: `/api/menu/items/${item.id}`,
        headers: bearer(table),
      });
      expect(after.json().price).toBe(200);
      const cacheWarnings = warn.mock.calls.filter(([message]) =>
        String(message).startsWith('redis cache unavailable'),
      );
      expect(cacheWarnings).toHaveLength(1);
    } finally {
      await down.close();
    }
  });

  const REDIS = redisTarget(testRedisUrl());
  const price = async (app: TestApp, id: number) =>
    (
      await app.app.inject({ method: 'GET', url: `/api/menu/items/${id}`, headers: bearer(table) })
    ).json().price;

  it('answers from PostgreSQL when Redis stops answering (bounded command timeout)', async () => {
    const proxy = await startTcpProxy(REDIS.host, REDIS.port);
    const slow = await startTestApp({
      REDIS_URL: `redis://127.0.0.1:${proxy.port}/${REDIS.db}`,
      REDIS_COMMAND_TIMEOUT_MS: '200',
    });
    try {
      await eventually(() => expect(slow.app.get(RedisService).isReady).toBe(true));
      const category = await createCategory(slow.app, admin, { name: 'Main' });
      const item = await createItem(slow.app, admin, {
        category_id: category.id,
        name: 'A',
        price: 100,
      });
      expect(await price(slow, item.id)).toBe(100);

      proxy.hang();
      expect(await price(slow, item.id)).toBe(100);
      const patched = await slow.app.inject({
        method: 'PATCH',
        url: `/api/admin/menu/items/${item.id}`,
        headers: bearer(admin),
        payload: { price: 150 },
      });
      expect(patched.statusCode).toBe(200);
      expect(await price(slow, item.id)).toBe(150);
    } finally {
      await slow.close();
      await proxy.close();
    }
  });

  it('replays an invalidation missed during an outage once Redis is back, even without reads', async () => {
    const proxy = await startTcpProxy(REDIS.host, REDIS.port);
    const flaky = await startTestApp({ REDIS_URL: `redis://127.0.0.1:${proxy.port}/${REDIS.db}` });
    const redis = main.app.get(RedisService).client;
    try {
      await eventually(() => expect(flaky.app.get(RedisService).isReady).toBe(true));
      const category = await createCategory(main.app, admin, { name: 'Main' });
      const item = await createItem(main.app, admin, {
        category_id: category.id,
        name: 'A',
        price: 100,
      });
      expect(await price(flaky, item.id)).toBe(100);
      const key = `${store.storeId}:menu_item:${item.id}`;
      expect(JSON.parse((await redis.get(key)) as string).price).toBe(100);

      proxy.cut();
      const patched = await flaky.app.inject({
        method: 'PATCH',
        url: `/api/admin/menu/items/${item.id}`,
        headers: bearer(admin),
        payload: { price: 200 },
      });
      expect(patched.statusCode).toBe(200);
      // The write could not reach Redis: the old entry is still there.
      expect(JSON.parse((await redis.get(key)) as string).price).toBe(100);

      proxy.restore();
      // No read reaches the writing instance: its retry timer alone must repair Redis, which
      // the other instance reads (with a stale entry there, it would answer 100 until the TTL).
      await eventually(async () => expect(await price(main, item.id)).toBe(200), {
        timeout: 10_000,
        interval: 100,
      });
      expect(await price(flaky, item.id)).toBe(200);
    } finally {
      await flaky.close();
      await proxy.close();
    }
  });
});
