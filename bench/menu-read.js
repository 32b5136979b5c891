'use strict';
/**
 * Cached menu read: GET /api/menu/items with a table token on the built app (dist/), against two
 * floors in the same run (bench/lib/menu-floor-server.js):
 *
 * - floor:     bare Fastify + ioredis returning the same cached JSON with one Redis GET
 *              (the minimal floor of DESIGN §8; target ratio app/floor ≥ 0.5);
 * - same work: bare Fastify doing the app's per-request work for a cached read (request id,
 *              verified-token cache, the rate limiter's Lua script, one Redis GET of the version
 *              token, in-process body, HTTP metrics), so app/same-work isolates what Nest and
 *              the rest of the global plumbing cost.
 *
 * Rounds alternate the order of the three servers; medians are reported, with the servers' CPU
 * time per request (steadier than requests/s when the load generator shares the machine).
 * Uses DATABASE_URL and REDIS_URL like the app (local defaults), creates its own store and
 * removes it, its keys and its Redis entries afterwards. BENCH_PORT_BASE pins the ports.
 */
const { spawn } = require('node:child_process');
const { randomBytes, randomUUID } = require('node:crypto');
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const Redis = require('ioredis');
const { Client } = require('pg');
const { benchPort, startApp } = require('./lib/app-process');
const { measure, median } = require('./lib/load');

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const JWT_ISSUER = process.env.JWT_ISSUER ?? 'table-order-api';
const JWT_AUDIENCE = process.env.JWT_AUDIENCE ?? 'table-order-clients';
const KEYS_DIR = join(__dirname, '..', '.bench', 'keys');
const PATH = '/api/menu/items';
const ITEMS = 21;
const ROUNDS = 3;
const SECONDS = 4;
const WARM_UP_SECONDS = 2;
const TARGET_RATIO = 0.5;
/** As in bench/rate-limit.js: a short window keeps the benchmarked principal's sorted set small. */
const RATE_LIMIT = { RATE_LIMIT_WINDOW_SECONDS: '1', RATE_LIMIT_MAX: '10000000' };

async function seed(db) {
  const { hashPassword } = require(
    join(__dirname, '..', 'dist', 'src', 'common', 'security', 'passwords'),
  );
  const code = `bench-menu-${randomBytes(4).toString('hex')}`;
  const password = 'bench-table-password';
  const { rows } = await db.query(`INSERT INTO stores (code, name) VALUES ($1, $2) RETURNING id`, [
    code,
    'Benchmark store',
  ]);
  const storeId = rows[0].id;
  await db.query(`INSERT INTO tables (store_id, table_number, password_hash) VALUES ($1, 1, $2)`, [
    storeId,
    await hashPassword(password),
  ]);
  const categories = [];
  for (const [order, name] of ['식사', '면류', '사이드', '음료'].entries()) {
    const result = await db.query(
      `INSERT INTO menu_categories (store_id, name, display_order) VALUES ($1, $2, $3) RETURNING id`,
      [storeId, name, order],
    );
    categories.push(result.rows[0].id);
  }
  for (let i = 0; i < ITEMS; i++) {
    await db.query(
      `INSERT INTO menus (store_id, category_id, name, description, price, image_path, thumbnail_path,
                          display_order, is_available)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        storeId,
        categories[i % categories.length],
        `오늘의 메뉴 ${i + 1}`,
        '국내산 재료로 매일 아침 준비하는 가게의 대표 메뉴입니다.',
        8000 + i * 500,
        `${randomUUID()}.jpg`,
        `${randomUUID()}.jpg`,
        i,
        i % 9 !== 8,
      ],
    );
  }
  return { storeId, code, password };
}

async function login(url, store) {
  const response = await fetch(`${url}/api/auth/table/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ store_code: store.code, table_number: 1, password: store.password }),
  });
  if (response.status !== 200)
    throw new Error(`table login: ${response.status} ${await response.text()}`);
  return (await response.json()).access_token;
}

async function fetchBody(url, headers) {
  const response = await fetch(`${url}${PATH}`, { headers });
  if (response.status !== 200) throw new Error(`${url}${PATH}: ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

async function startFloor(name, env) {
  const port = await benchPort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [join(__dirname, 'lib', 'menu-floor-server.js')], {
    env: { ...process.env, ...env, PORT: String(port), REDIS_URL },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const cpuSeconds = async () => (await (await fetch(`${url}/cpu`)).json()).seconds;
  for (let attempt = 0; ; attempt++) {
    try {
      await cpuSeconds();
      break;
    } catch (error) {
      if (child.exitCode !== null || attempt > 100)
        throw new Error(`${name} did not start: ${error}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const stop = () =>
    child.exitCode !== null
      ? Promise.resolve()
      : new Promise((resolve) => {
          child.once('exit', resolve);
          child.kill('SIGTERM');
        });
  return { name, url, cpuSeconds, stop };
}

async function run(server, headers, seconds = SECONDS) {
  const before = await server.cpuSeconds();
  const result = await measure(`${server.url}${PATH}`, { seconds, headers, expectStatus: '200' });
  const after = await server.cpuSeconds();
  if (result.unexpected > 0)
    throw new Error(`${server.name}: ${result.unexpected} unexpected answers`);
  return {
    rps: result.requestsPerSecond,
    p99: result.p99,
    cpuUs: ((after - before) / result.total) * 1e6,
  };
}

async function removeStore(db, redis, storeId) {
  await db.query(`DELETE FROM stores WHERE id = $1`, [storeId]);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${storeId}:*`, 'COUNT', 500);
    if (keys.length > 0) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
}

async function main() {
  const app = await startApp('app', {
    JWT_DEV_KEYS_DIR: KEYS_DIR,
    DATABASE_URL,
    REDIS_URL,
    ...RATE_LIMIT,
  });
  const db = new Client({ connectionString: DATABASE_URL });
  const redis = new Redis(REDIS_URL);
  const scratch = mkdtempSync(join(tmpdir(), 'bench-menu-read-'));
  const floorKey = `bench:menu-read:${randomBytes(4).toString('hex')}`;
  const floors = [];
  let store;
  try {
    await db.connect();
    store = await seed(db);
    const headers = { authorization: `Bearer ${await login(app.url, store)}` };
    const body = await fetchBody(app.url, headers);
    await redis.set(floorKey, body);
    writeFileSync(join(scratch, 'body.json'), body);
    floors.push(await startFloor('floor', { MODE: 'floor', DATA_KEY: floorKey }));
    floors.push(
      await startFloor('same work', {
        MODE: 'same-work',
        VERSION_KEY: `${store.storeId}:cache_version:menu_item`,
        BODY_FILE: join(scratch, 'body.json'),
        JWT_PUBLIC_KEY_FILE: join(KEYS_DIR, 'jwt-public.pem'),
        JWT_ISSUER,
        JWT_AUDIENCE,
        RATE_LIMIT_WINDOW_MS: String(Number(RATE_LIMIT.RATE_LIMIT_WINDOW_SECONDS) * 1000),
        RATE_LIMIT_MAX: RATE_LIMIT.RATE_LIMIT_MAX,
      }),
    );
    const servers = [app, ...floors];
    for (const server of servers) {
      if (!(await fetchBody(server.url, headers)).equals(body)) {
        throw new Error(`${server.name} does not answer the app's body`);
      }
      await run(server, headers, WARM_UP_SECONDS);
    }

    const rows = [];
    for (let round = 0; round < ROUNDS; round++) {
      const order = servers.map((_, i) => servers[(i + round) % servers.length]);
      const results = {};
      for (const server of order) results[server.name] = await run(server, headers);
      rows.push(results);
      console.log(
        `  round ${round + 1}: ` +
          servers
            .map(
              (s) =>
                `${s.name} ${results[s.name].rps.toFixed(0)} req/s ${results[s.name].cpuUs.toFixed(1)} µs CPU/req`,
            )
            .join(', '),
      );
    }
    const pick = (name, key) => median(rows.map((row) => row[name][key]));
    const ratio = (name) => median(rows.map((row) => row.app.rps / row[name].rps));
    const items = JSON.parse(body.toString()).length;
    console.log('');
    console.log(
      `GET ${PATH} with a table token: ${items} items, ${(body.length / 1024).toFixed(1)} KB JSON, ` +
        `50 connections, ${ROUNDS} rounds of ${SECONDS} s, medians`,
    );
    for (const server of servers) {
      console.log(
        `  ${server.name.padEnd(10)} ${pick(server.name, 'rps').toFixed(0).padStart(6)} req/s  ` +
          `p99 ${pick(server.name, 'p99').toFixed(0)} ms  ${pick(server.name, 'cpuUs').toFixed(1)} µs CPU/request`,
      );
    }
    const floorRatio = ratio('floor');
    console.log(
      `  ratio app / floor:     ${floorRatio.toFixed(2)} (target ≥ ${TARGET_RATIO}: ${floorRatio >= TARGET_RATIO ? 'met' : 'NOT met'})`,
    );
    console.log(
      `  ratio app / same work: ${ratio('same work').toFixed(2)} (framework and global plumbing)`,
    );
    console.log(
      `  CPU per request app / floor: ${(pick('app', 'cpuUs') / pick('floor', 'cpuUs')).toFixed(2)}×, ` +
        `app / same work: ${(pick('app', 'cpuUs') / pick('same work', 'cpuUs')).toFixed(2)}×`,
    );
  } finally {
    await Promise.all([app.stop(), ...floors.map((floor) => floor.stop())]);
    if (store) await removeStore(db, redis, store.storeId);
    await redis.unlink(floorKey);
    await Promise.all([db.end(), redis.quit()]);
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
