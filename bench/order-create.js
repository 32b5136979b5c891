'use strict';
/**
 * POST /api/orders (3 items, a fresh Idempotency-Key each) on the built app against a floor in
 * the same run: bare Fastify + pg running the same SQL statements in one transaction
 * (bench/lib/order-floor-server.js). Target: app/floor requests/s ≥ 0.5.
 *
 * Two variants on the same stores: `plain` (3 lines of items without options) and `options`
 * (3 lines × 2 options: one of a required pick-one group, one extra). Each prints its ratio to
 * its floor; the options variant also prints the cost it adds per order over the plain one.
 *
 * Both servers run as child processes against a bench database (BENCH_DATABASE_URL, default
 * table_order_bench; the name must contain "bench"); the app uses REDIS_URL / RABBITMQ_URL as
 * exported. Orders go to 10 stores × 5 tables, so they contend on table and counter rows as a
 * busy deployment would, and the same way on both sides. Rounds alternate floor / app; the
 * stores are deleted afterwards.
 */
const { randomUUID } = require('node:crypto');
const { join } = require('node:path');
const autocannon = require('autocannon');
const { Client } = require('pg');
const { spawnServer, startApp, stopChild } = require('./lib/app-process');
const {
  DIST,
  createBenchStore,
  dropBenchStores,
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
  { name: 'Tteokbokki', price: 8000 },
  { name: 'Ramyeon', price: 5000 },
  { name: 'Gimbap', price: 4000 },
];
/** The first three menus are ordered plain, the last three with options. */
const PLAIN_MENUS = 3;
const VARIANTS = ['plain', 'options'];
const CONNECTIONS = 32;
const WARM_UP_SECONDS = 3;
const ROUND_SECONDS = 7;
const ROUNDS = 3; // each round measures floor and app once per variant, in alternating order
const GENERATOR = `autocannon, ${CONNECTIONS} connections`;

async function startFloor(databaseUrl) {
  const { child, url } = await spawnServer(
    'floor',
    join(__dirname, 'lib', 'order-floor-server.js'),
    {
      env: { DATABASE_URL: databaseUrl, FLOOR_POOL_MAX: String(CONNECTIONS) },
    },
  );
  const cpuSeconds = async () => (await (await fetch(`${url}/cpu`)).json()).seconds;
  return { name: 'floor', url, stop: () => stopChild(child), cpuSeconds };
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
      const plain = JSON.stringify({
        items: store.menuIds
          .slice(0, PLAIN_MENUS)
          .map((menuId, i) => ({ menu_id: menuId, quantity: i + 1 })),
      });
      const options = JSON.stringify({
        items: store.menuIds.slice(PLAIN_MENUS).map((menuId, i) => ({
          menu_id: menuId,
          quantity: i + 1,
          option_ids: store.optionIds.get(menuId),
        })),
      });
      logins.push({ token: (await response.json()).access_token, bodies: { plain, options } });
    }
  }
  return logins;
}

/** Gives each options menu a required pick-one group (3 options) and an extras group (2). */
async function addOptionGroups(db, store) {
  store.optionIds = new Map();
  for (const menuId of store.menuIds.slice(PLAIN_MENUS)) {
    const picked = [];
    for (const [name, min, max, options] of [
      [
        'Spiciness',
        1,
        1,
        [
          ['Mild', 0],
          ['Medium', 0],
          ['Hot', 0],
        ],
      ],
      [
        'Extras',
        0,
        2,
        [
          ['Cheese', 1000],
          ['Egg', 500],
        ],
      ],
    ]) {
      const {
        rows: [group],
      } = await db.query(
        `INSERT INTO menu_option_groups (store_id, menu_id, name, min_select, max_select)
         VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [store.storeId, menuId, name, min, max],
      );
      const { rows } = await db.query(
        `INSERT INTO menu_options (store_id, menu_id, group_id, name, price_delta, display_order)
         SELECT $1, $2, $3, o.name, o.delta, o.position
           FROM unnest($4::varchar[], $5::int[]) WITH ORDINALITY AS o(name, delta, position)
         RETURNING id`,
        [store.storeId, menuId, group.id, options.map((o) => o[0]), options.map((o) => o[1])],
      );
      picked.push(rows[rows.length - 1].id);
    }
    store.optionIds.set(menuId, picked);
  }
}

async function drive(server, logins, seconds, variant) {
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
          request.body = login.bodies[variant];
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

function signed(value, digits) {
  return `${value >= 0 ? '+' : ''}${value.toFixed(digits)}`;
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
    const store = await createBenchStore(db, `${STORE_CODE_PREFIX}${s}`, {
      tableCount: TABLES_PER_STORE,
      menus: MENUS,
      passwordHash,
    });
    await addOptionGroups(db, store);
    stores.push(store);
  }

  // autocannon drops its connections mid-request when a round ends; the app counts such requests
  // as in flight until its drain times out, so keep the drain short for the final stop.
  const app = await startApp('app', { DATABASE_URL: databaseUrl, SHUTDOWN_TIMEOUT_SECONDS: '2' });
  const floor = await startFloor(databaseUrl);
  try {
    const logins = await tableLogins(app.url, stores);
    // Variants are interleaved within each round, so a busy machine weighs on both alike.
    const rows = Object.fromEntries(VARIANTS.map((variant) => [variant, []]));
    for (const variant of VARIANTS) {
      await drive(floor, logins, WARM_UP_SECONDS, variant);
      await drive(app, logins, WARM_UP_SECONDS, variant);
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (const variant of VARIANTS) {
        const order = round % 2 === 0 ? [floor, app] : [app, floor];
        const results = {};
        for (const server of order) {
          results[server.name] = await drive(server, logins, ROUND_SECONDS, variant);
        }
        rows[variant].push(results);
        console.log(
          `  ${variant} round ${round + 1}: floor ${results.floor.rps.toFixed(0)} req/s p99 ${results.floor.p99} ms, ` +
            `app ${results.app.rps.toFixed(0)} req/s p99 ${results.app.p99} ms, ` +
            `CPU/req floor ${results.floor.cpuUs.toFixed(0)} µs app ${results.app.cpuUs.toFixed(0)} µs, ` +
            `ratio ${(results.app.rps / results.floor.rps).toFixed(2)}`,
        );
      }
    }
    const summary = {};
    for (const variant of VARIANTS) {
      const pick = (side, key) => median(rows[variant].map((row) => row[side][key]));
      const side = (name) =>
        `${pick(name, 'rps').toFixed(0)} req/s, p50 ${pick(name, 'p50')} ms, ` +
        `p99 ${pick(name, 'p99')} ms, CPU ${pick(name, 'cpuUs').toFixed(0)} µs/request`;
      const ratio = median(rows[variant].map((row) => row.app.rps / row.floor.rps));
      summary[variant] = { pick, ratio };
      console.log(
        `order-create ${variant} (POST /api/orders, 3 items${variant === 'options' ? ' × 2 options' : ''}, ` +
          `${STORES}×${TABLES_PER_STORE} tables, medians of ${ROUNDS} rounds; generator: ${GENERATOR}):\n` +
          `  floor (Fastify + pg, same SQL): ${side('floor')}\n` +
          `  app:                            ${side('app')}\n` +
          `  ratio app/floor requests/s: ${ratio.toFixed(2)} (target ≥ 0.5); ` +
          `CPU per request app/floor: ${(pick('app', 'cpuUs') / pick('floor', 'cpuUs')).toFixed(2)}`,
      );
    }
    const { plain, options } = summary;
    console.log(
      `order-create options vs plain (app): ${signed(options.pick('app', 'cpuUs') - plain.pick('app', 'cpuUs'), 0)} µs CPU per order, ` +
        `${signed(options.pick('app', 'p50') - plain.pick('app', 'p50'), 1)} ms p50, ` +
        `throughput ${(options.pick('app', 'rps') / plain.pick('app', 'rps')).toFixed(2)}× the plain variant's`,
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
