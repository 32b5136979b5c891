'use strict';
/**
 * Fixed cost per request: GET /api/orders with the token of a table that has no active session
 * (one indexed SQL statement, answer `[]`), the built app with everything on as in production
 * (request log at info to /dev/null, rate limit with its real 60 s window, HTTP metrics,
 * security headers), against bare Fastify doing the same SQL and token check
 * (bench/lib/fixed-cost-floor-server.js) in the same run, alternating order over ROUNDS rounds;
 * medians. The app's CPU time per request minus the floor's is what the framework, the global
 * hooks and guards cost on every request whatever its route: the fixed cost.
 *
 * Generator: wrk (bench/lib/wrk.js) with a Lua script rotating over TABLES table tokens, so the
 * rate limiter's per-principal state is spread over many keys as in production; the limit is
 * raised out of reach so nothing answers 429. Recorded in bench/results/fixed-cost.json.
 * Uses DATABASE_URL and REDIS_URL like the app (local defaults), creates its own store and
 * removes it afterwards.
 */
const { randomBytes } = require('node:crypto');
const { loadavg } = require('node:os');
const { join } = require('node:path');
const { Client } = require('pg');
const { startApp } = require('./lib/app-process');
const { startFloor } = require('./lib/floor-process');
const { median } = require('./lib/load');
const { recordResult } = require('./lib/results');
const { measureRounds, measureServer, reportMedians } = require('./lib/rounds');
const { insertTables, loginAll } = require('./lib/table-tokens');

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const KEYS_DIR = join(__dirname, '..', '.bench', 'keys');
const PATH = '/api/orders';
const ROUNDS = 3;
const SECONDS = 4;
const WARM_UP_SECONDS = 2;
const CONNECTIONS = 50;
const TABLES = 500;
const GENERATOR = `wrk 2 threads, ${CONNECTIONS} connections, Lua rotating over ${TABLES} table tokens`;
/**
 * The fixed cost before the hot-path work of issue 17 (2026-12-02 00:47 UTC, this 2-core machine
 * shared with other runs, Node 24, load average 10): app 193.6 µs CPU/request against the
 * floor's 56.9 µs, median of the per-round differences 141.6 µs. Target: half of it.
 */
const BEFORE_FIXED_COST_US = 141.6;

function run(server, tokens, seconds = SECONDS) {
  return measureServer(server, PATH, { seconds, connections: CONNECTIONS, tokens });
}

async function main() {
  const app = await startApp(
    'app',
    {
      JWT_DEV_KEYS_DIR: KEYS_DIR,
      DATABASE_URL,
      REDIS_URL,
      LOG_LEVEL: 'info',
      RATE_LIMIT_WINDOW_SECONDS: '60',
      RATE_LIMIT_MAX: '10000000',
    },
    { quietStdout: true },
  );
  const db = new Client({ connectionString: DATABASE_URL });
  let floor;
  let storeId;
  try {
    await db.connect();
    const code = `bench-fixed-${randomBytes(4).toString('hex')}`;
    const { rows: stores } = await db.query(
      `INSERT INTO stores (code, name) VALUES ($1, $2) RETURNING id`,
      [code, 'Fixed-cost benchmark store'],
    );
    storeId = stores[0].id;
    const password = await insertTables(db, storeId, TABLES);
    const tokens = await loginAll(app.url, { code, password }, TABLES);
    floor = await startFloor('floor', 'fixed-cost-floor-server.js', {
      DATABASE_URL,
      JWT_PUBLIC_KEY_FILE: join(KEYS_DIR, 'jwt-public.pem'),
      JWT_ISSUER: process.env.JWT_ISSUER ?? 'table-order-api',
      JWT_AUDIENCE: process.env.JWT_AUDIENCE ?? 'table-order-clients',
    });
    const servers = [app, floor];
    for (const server of servers) {
      const response = await fetch(`${server.url}${PATH}`, {
        headers: { authorization: `Bearer ${tokens[0]}` },
      });
      const body = await response.text();
      if (response.status !== 200 || body !== '[]')
        throw new Error(`${server.name}: ${response.status} ${body}`);
      await run(server, tokens, WARM_UP_SECONDS);
    }

    const rows = await measureRounds(servers, ROUNDS, (server) => run(server, tokens));
    const fixedCost = median(rows.map((row) => row.app.cpuUs - row.floor.cpuUs));
    const ratio = median(rows.map((row) => row.app.rps / row.floor.rps));
    console.log('');
    console.log(
      `GET ${PATH} of a table with no active session, ${ROUNDS} rounds of ${SECONDS} s, medians; ` +
        `generator: ${GENERATOR}; load average ${loadavg()
          .map((v) => v.toFixed(1))
          .join(' ')}`,
    );
    const figures = reportMedians(servers, rows, 6);
    const target = BEFORE_FIXED_COST_US / 2;
    console.log(
      `  ratio app / floor ${ratio.toFixed(2)} req/s; fixed cost (app − floor CPU) ` +
        `${fixedCost.toFixed(1)} µs/request (before: ${BEFORE_FIXED_COST_US}; target ≤ ${target}: ` +
        `${fixedCost <= target ? 'met' : 'NOT met'})`,
    );
    recordResult('fixed-cost', {
      route: `GET ${PATH}`,
      generator: GENERATOR,
      rounds: ROUNDS,
      seconds_per_round: SECONDS,
      servers: figures,
      ratio_requests_per_second: Number(ratio.toFixed(3)),
      fixed_cost_us_per_request: Number(fixedCost.toFixed(1)),
      before_fixed_cost_us_per_request: BEFORE_FIXED_COST_US,
      target_us_per_request: target,
      met: fixedCost <= target,
    });
  } finally {
    await Promise.all([app.stop(), floor?.stop()]);
    if (storeId) await db.query(`DELETE FROM stores WHERE id = $1`, [storeId]);
    await db.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
