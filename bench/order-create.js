'use strict';
/**
 * POST /api/orders (3 items, a fresh Idempotency-Key each) on the built app against a floor in
 * the same run: bare Fastify + pg running the same SQL statements in one transaction
 * (bench/lib/order-floor-server.js). Target: app/floor requests/s ≥ 0.5.
 *
 * Both servers run as child processes against a bench database (BENCH_DATABASE_URL, default
 * table_order_bench; the name must contain "bench"); the app uses REDIS_URL / RABBITMQ_URL as
 * exported. Orders go to 10 stores × 5 tables, so they contend on table and counter rows as a
 * busy deployment would, and the same way on both sides. Rounds alternate floor / app; the
 * stores are deleted afterwards.
 */
const { spawn } = require('node:child_process');
const { randomUUID } = require('node:crypto');
const { join } = require('node:path');
const autocannon = require('autocannon');
const { Client } = require('pg');
const { startApp } = require('./lib/app-process');
const {
  DIST,
  createBenchStore,
  dropBenchStores,
  helperPort,
  prepareBenchDatabase,
} = require('./lib/bench-database');
const { median } = require('./lib/load');

const STORE_CODE_PREFIX = 'bench-order-';
const STORES = 10;
const TABLES_PER_STORE = 5;
const MENUS = [
  { name: 'Bibimbap', price: 9000 },
  { name: 'Bulgogi', price: 15000 },
  { name: 'Cola', price: 2000 },
];
const CONNECTIONS = 32;
const WARM_UP_SECONDS = 3;
const ROUND_SECONDS = 7;
const ROUNDS = 2; // each round measures floor and app once, in alternating order

async function startFloor(databaseUrl) {
  const child = spawn(process.execPath, [join(__dirname, 'lib', 'order-floor-server.js')], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(helperPort(90)),
      FLOOR_POOL_MAX: String(CONNECTIONS),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`floor exited with code ${code}`)));
    child.stdout.on('data', (chunk) => {
      const match = /listening (\S+)/.exec(String(chunk));
      if (match) resolve(match[1]);
    });
  });
  const cpuSeconds = async () => (await (await fetch(`${url}/cpu`)).json()).seconds;
  const stop = () =>
    new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGTERM');
    });
  return { name: 'floor', url, stop, cpuSeconds };
}

async function tableLogins(appUrl, stores) {
  const logins = [];
  for (const store of stores) {
    for (const table of store.tables) {
      const response = await fetch(`${appUrl}/api/auth/table/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          store_code: store.code,
          table_number: table.table_number,
          password: 'bench-table',
        }),
      });
      if (response.status !== 200) throw new Error(`table login failed: ${response.status}`);
      const body = JSON.stringify({
        items: store.menuIds.map((menuId, i) => ({ menu_id: menuId, quantity: i + 1 })),
      });
      logins.push({ token: (await response.json()).access_token, body });
    }
  }
  return logins;
}

async function drive(server, logins, seconds) {
  let next = 0;
  const cpuBefore = await server.cpuSeconds();
  const result = await autocannon({
    url: server.url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/api/orders',
        setupRequest: (request) => {
          const login = logins[next++ % logins.length];
          request.headers = {
            'content-type': 'application/json',
            authorization: `Bearer ${login.token}`,
            'idempotency-key': randomUUID(),
          };
          request.body = login.body;
          return request;
        },
      },
    ],
  });
  const created = result.statusCodeStats?.['201']?.count ?? 0;
  if (created !== result.requests.total || result.errors > 0) {
    throw new Error(
      `${server.name}: ${result.requests.total - created} answers other than 201, ${result.errors} errors`,
    );
  }
  const cpuUs = (((await server.cpuSeconds()) - cpuBefore) / result.requests.total) * 1e6;
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuUs,
  };
}

async function main() {
  const databaseUrl = await prepareBenchDatabase();
  const { hashPassword } = require(join(DIST, 'common', 'security', 'passwords'));
  const passwordHash = await hashPassword('bench-table');
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  await dropBenchStores(db, STORE_CODE_PREFIX); // left over by an interrupted run
  const stores = [];
  for (let s = 0; s < STORES; s++) {
    stores.push(
      await createBenchStore(db, `${STORE_CODE_PREFIX}${s}`, {
        tableCount: TABLES_PER_STORE,
        menus: MENUS,
        passwordHash,
      }),
    );
  }

  // autocannon drops its connections mid-request when a round ends; the app counts such requests
  // as in flight until its drain times out, so keep the drain short for the final stop.
  const app = await startApp('app', { DATABASE_URL: databaseUrl, SHUTDOWN_TIMEOUT_SECONDS: '2' });
  const floor = await startFloor(databaseUrl);
  try {
    const logins = await tableLogins(app.url, stores);
    await drive(floor, logins, WARM_UP_SECONDS);
    await drive(app, logins, WARM_UP_SECONDS);
    const rows = [];
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? [floor, app] : [app, floor];
      const results = {};
      for (const server of order) results[server.name] = await drive(server, logins, ROUND_SECONDS);
      rows.push(results);
      console.log(
        `  round ${round + 1}: floor ${results.floor.rps.toFixed(0)} req/s p99 ${results.floor.p99} ms, ` +
          `app ${results.app.rps.toFixed(0)} req/s p99 ${results.app.p99} ms, ` +
          `CPU/req floor ${results.floor.cpuUs.toFixed(0)} µs app ${results.app.cpuUs.toFixed(0)} µs, ` +
          `ratio ${(results.app.rps / results.floor.rps).toFixed(2)}`,
      );
    }
    const pick = (side, key) => median(rows.map((row) => row[side][key]));
    const side = (name) =>
      `${pick(name, 'rps').toFixed(0)} req/s, p50 ${pick(name, 'p50')} ms, ` +
      `p99 ${pick(name, 'p99')} ms, CPU ${pick(name, 'cpuUs').toFixed(0)} µs/request`;
    const ratio = median(rows.map((row) => row.app.rps / row.floor.rps));
    console.log(
      `order-create (POST /api/orders, 3 items, ${CONNECTIONS} connections, ` +
        `${STORES}×${TABLES_PER_STORE} tables, medians of ${ROUNDS} rounds):\n` +
        `  floor (Fastify + pg, same SQL): ${side('floor')}\n` +
        `  app:                            ${side('app')}\n` +
        `  ratio app/floor requests/s: ${ratio.toFixed(2)} (target ≥ 0.5); ` +
        `CPU per request app/floor: ${(pick('app', 'cpuUs') / pick('floor', 'cpuUs')).toFixed(2)}`,
    );
  } finally {
    await Promise.all([app.stop(), floor.stop()]);
    await dropBenchStores(db, STORE_CODE_PREFIX);
    await db.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
