'use strict';
/**
 * Cached menu read: GET /api/menu/items with a table token on the built app (dist/), everything
 * on as in production (request log at info, rate limit with its real 60 s window, HTTP metrics,
 * helmet headers), against three servers in the same run (bench/lib/menu-floor-server.js):
 *
 * - floor:     bare Fastify + ioredis returning the same cached JSON with one Redis GET
 *              (string: decoded and encoded again; the minimal floor of docs/decisions.md,
 *              'Benchmark: cached menu read against two floors');
 * - buffer floor: the same with getBuffer (no string round trip), the true floor;
 * - same work: bare Fastify doing the app's per-request work for a cached read (request id,
 *              verified-token cache, the rate limiter's Lua script, one Redis GET of the version
 *              token, in-process body, HTTP metrics), so app/same-work isolates what Nest and
 *              the rest of the global plumbing cost.
 *
 * The load generator is wrk (bench/lib/wrk.js; autocannon tops out near 25k req/s on 6 KB bodies,
 * below the buffer floor) with a Lua script rotating over TABLES table tokens, one per table, so
 * the rate limiter's per-principal windows are spread over many keys as in production. The
 * limit itself is raised out of reach (no 429 during the bench); the window stays 60 s.
 * Rounds alternate the order of the servers; medians are reported, with the servers' CPU time
 * per request (steadier than requests/s when the load generator shares the machine), and
 * recorded in bench/results/menu-read.json.
 * Uses DATABASE_URL and REDIS_URL like the app (local defaults), creates its own store and
 * removes it, its keys and its Redis entries afterwards.
 */
const { randomBytes, randomUUID } = require('node:crypto');
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { loadavg, tmpdir } = require('node:os');
const { join } = require('node:path');
const Redis = require('ioredis');
const { Client } = require('pg');
const { startApp } = require('./lib/app-process');
const { startFloor } = require('./lib/floor-process');
const { median } = require('./lib/load');
const { recordResult } = require('./lib/results');
const { measureRounds, measureServer, reportMedians } = require('./lib/rounds');
const { insertTables, loginAll } = require('./lib/table-tokens');

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
const CONNECTIONS = 50;
const TABLES = 500;
/** Issue 17's targets: app / string floor, app / buffer floor, app / same work. */
const TARGETS = { floor: 0.8, 'buffer floor': 0.35, 'same work': 0.8 };
const RATE_LIMIT = { RATE_LIMIT_WINDOW_SECONDS: '60', RATE_LIMIT_MAX: '10000000' };
const GENERATOR = `wrk 2 threads, ${CONNECTIONS} connections, Lua rotating over ${TABLES} table tokens`;

async function seed(db) {
  const code = `bench-menu-${randomBytes(4).toString('hex')}`;
  const { rows } = await db.query(`INSERT INTO stores (code, name) VALUES ($1, $2) RETURNING id`, [
    code,
    'Benchmark store',
  ]);
  const storeId = rows[0].id;
  const password = await insertTables(db, storeId, TABLES);
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

async function fetchBody(url, headers) {
  const response = await fetch(`${url}${PATH}`, { headers });
  if (response.status !== 200) throw new Error(`${url}${PATH}: ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

function startMenuFloor(name, env) {
  return startFloor(name, 'menu-floor-server.js', { ...env, REDIS_URL });
}

function run(server, tokens, seconds = SECONDS) {
  return measureServer(server, PATH, { seconds, connections: CONNECTIONS, tokens });
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
  const app = await startApp(
    'app',
    {
      JWT_DEV_KEYS_DIR: KEYS_DIR,
      DATABASE_URL,
      REDIS_URL,
      LOG_LEVEL: 'info',
      ...RATE_LIMIT,
    },
    { quietStdout: true },
  );
  const db = new Client({ connectionString: DATABASE_URL });
  const redis = new Redis(REDIS_URL);
  const scratch = mkdtempSync(join(tmpdir(), 'bench-menu-read-'));
  const floorKey = `bench:menu-read:${randomBytes(4).toString('hex')}`;
  const floors = [];
  let store;
  try {
    await db.connect();
    store = await seed(db);
    const tokens = await loginAll(app.url, store, TABLES);
    const headers = { authorization: `Bearer ${tokens[0]}` };
    const body = await fetchBody(app.url, headers);
    await redis.set(floorKey, body);
    writeFileSync(join(scratch, 'body.json'), body);
    floors.push(await startMenuFloor('floor', { MODE: 'floor', DATA_KEY: floorKey }));
    floors.push(await startMenuFloor('buffer floor', { MODE: 'buffer-floor', DATA_KEY: floorKey }));
    floors.push(
      await startMenuFloor('same work', {
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
      await run(server, tokens, WARM_UP_SECONDS);
    }

    const rows = await measureRounds(servers, ROUNDS, (server) => run(server, tokens));
    const pick = (name, key) => median(rows.map((row) => row[name][key]));
    const ratio = (name) => median(rows.map((row) => row.app.rps / row[name].rps));
    const items = JSON.parse(body.toString()).length;
    console.log('');
    console.log(
      `GET ${PATH} with table tokens: ${items} items, ${(body.length / 1024).toFixed(1)} KB JSON, ` +
        `${ROUNDS} rounds of ${SECONDS} s, medians; generator: ${GENERATOR}; ` +
        `load average ${loadavg()
          .map((v) => v.toFixed(1))
          .join(' ')}`,
    );
    const figures = reportMedians(servers, rows, 12);
    const ratios = {};
    for (const [name, target] of Object.entries(TARGETS)) {
      ratios[name] = { ratio: Number(ratio(name).toFixed(3)), target, met: ratio(name) >= target };
      console.log(
        `  ratio app / ${name.padEnd(12)} ${ratio(name).toFixed(2)} ` +
          `(target ≥ ${target}: ${ratio(name) >= target ? 'met' : 'NOT met'}; ` +
          `CPU/request ${(pick('app', 'cpuUs') / pick(name, 'cpuUs')).toFixed(2)}×)`,
      );
    }
    recordResult('menu-read', {
      route: `GET ${PATH}`,
      body_bytes: body.length,
      generator: GENERATOR,
      rounds: ROUNDS,
      seconds_per_round: SECONDS,
      servers: figures,
      ratios,
    });
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
