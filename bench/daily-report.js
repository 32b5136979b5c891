'use strict';
/**
 * GET /api/admin/reports/daily latency for a store with 1,000 orders today (target: p95 < 50 ms),
 * uncached as every request for today is.
 *
 * The store `bench-report` is rebuilt on each run in the bench database (BENCH_DATABASE_URL,
 * default table_order_bench), since "today" moves: 600 live orders in 20 open sessions and 400
 * archived ones, spread from the store's local midnight (Asia/Seoul) to now, 2–3 lines each over
 * 12 menus, plus 29 earlier days of 1,000 archived orders (29,000 history rows) so the day is an
 * index range, not the whole table. Closed loop at each CONCURRENCY, exact percentiles. A cached
 * past day (one Redis GET, no SQL) is printed beside it: the floor this machine gives any
 * authenticated read at that moment.
 */
const http = require('node:http');
const { join } = require('node:path');
const { Client } = require('pg');
const { startApp } = require('./lib/app-process');
const { closedLoop, getOk } = require('./lib/closed-loop');
const { median } = require('./lib/load');
const {
  DIST,
  createBenchStore,
  dropBenchStores,
  prepareBenchDatabase,
} = require('./lib/bench-database');

const STORE_CODE = 'bench-report';
const ZONE = 'Asia/Seoul';
const ORDERS_TODAY = 1_000;
const LIVE_TODAY = 600;
const TABLES = 20;
const EARLIER_DAYS = 29;
/** One dashboard asking (latency), then a few at once. */
const CONCURRENCY = [1, 4];
const GENERATOR = `node:http closed loop, ${CONCURRENCY.join(' then ')} in flight`;
const SECONDS = 5;
const ROUNDS = 3;
const QUERY_SAMPLES = 100;
const ADMIN = { username: 'bench-admin', password: 'bench-admin-pass' };
const MENUS = Array.from({ length: 12 }, (_, i) => ({
  name: `Menu ${i + 1}`,
  price: 1000 * (i + 3),
}));

/** Items of order `g` as [menu index, quantity] pairs: 2 or 3 lines. */
const LINES_SQL = `
  SELECT g, line, ((g * 7 + line * 5) % 12) + 1 AS menu_pos, ((g + line) % 3) + 1 AS quantity
  FROM generate_series(1, $1::int) g, generate_series(1, 2 + g % 2) line`;

async function buildStore(db, passwordHash) {
  await dropBenchStores(db, STORE_CODE);
  const store = await createBenchStore(db, STORE_CODE, {
    tableCount: TABLES,
    menus: MENUS,
    passwordHash,
  });
  await db.query(
    `INSERT INTO users (store_id, username, password_hash, role) VALUES ($1, $2, $3, 'store_admin')`,
    [store.storeId, ADMIN.username, passwordHash],
  );
  const started = Date.now();
  const params = { store: store.storeId, menus: store.menuIds, zone: ZONE };
  await db.query('BEGIN');
  // Menus by position, the day's start and the span to now, shared by the inserts below.
  await db.query(
    `CREATE TEMP TABLE bench_menus ON COMMIT DROP AS
     SELECT pos, m.id, m.name, m.price FROM unnest($1::int[]) WITH ORDINALITY AS u(id, pos)
     JOIN menus m ON m.id = u.id`,
    [params.menus],
  );
  const {
    rows: [{ day_start: dayStart }],
  } = await db.query(
    `SELECT (now() AT TIME ZONE $1)::date::timestamp AT TIME ZONE $1 AS day_start`,
    [ZONE],
  );
  const spanSeconds = Math.max(60, (Date.now() - dayStart.getTime()) / 1000 - 1);
  const tableIds = store.tables.map((table) => table.id);

  // Today's live orders, in one open session per table.
  const { rows: sessions } = await db.query(
    `INSERT INTO table_sessions (store_id, table_id, started_at)
     SELECT $1, id, $3 FROM unnest($2::int[]) id RETURNING id, table_id`,
    [params.store, tableIds, dayStart],
  );
  await db.query(
    `INSERT INTO orders (store_id, table_id, table_session_id, order_number, total_amount, created_at)
     SELECT $1, s.table_id, s.id, to_char($3::timestamptz AT TIME ZONE $4, 'YYYYMMDD') || '-' || lpad(g::text, 4, '0'),
            0, $3::timestamptz + make_interval(secs => g * $5::float8 / $6)
     FROM generate_series(1, $6::int) g
     JOIN (SELECT id, table_id, row_number() OVER (ORDER BY id) - 1 AS k FROM table_sessions
           WHERE id = ANY($2::int[])) s ON s.k = g % ${TABLES}`,
    [params.store, sessions.map((s) => s.id), dayStart, ZONE, spanSeconds, LIVE_TODAY],
  );
  await db.query(
    `WITH numbered AS (
       SELECT id, row_number() OVER (ORDER BY id) AS g FROM orders WHERE store_id = $1
     )
     INSERT INTO order_items (order_id, menu_id, menu_name, unit_price, quantity)
     SELECT n.id, m.id, m.name, m.price, l.quantity
     FROM (${LINES_SQL.replace('$1::int', '$2::int')}) l
     JOIN numbered n ON n.g = l.g JOIN bench_menus m ON m.pos = l.menu_pos`,
    [params.store, LIVE_TODAY],
  );
  await db.query(
    `UPDATE orders o SET total_amount = t.total
     FROM (SELECT order_id, sum(unit_price * quantity) AS total FROM order_items GROUP BY 1) t
     WHERE t.order_id = o.id AND o.store_id = $1`,
    [params.store],
  );

  // Archived orders: today's remaining 400, and 1,000 on each earlier day.
  const {
    rows: [{ id: endedSession }],
  } = await db.query(
    `INSERT INTO table_sessions (store_id, table_id, started_at, ended_at, is_active)
     VALUES ($1, $2, now() - interval '40 days', now(), false) RETURNING id`,
    [params.store, tableIds[0]],
  );
  for (let day = 0; day <= EARLIER_DAYS; day++) {
    const count = day === 0 ? ORDERS_TODAY - LIVE_TODAY : ORDERS_TODAY;
    const span = day === 0 ? spanSeconds : 86_399;
    await db.query(
      `WITH lines AS (${LINES_SQL}),
       items AS (
         SELECT l.g, jsonb_agg(jsonb_build_object('menu_id', m.id, 'menu_name', m.name,
                  'unit_price', m.price, 'quantity', l.quantity) ORDER BY l.line) AS items,
                sum(m.price * l.quantity) AS total
         FROM lines l JOIN bench_menus m ON m.pos = l.menu_pos GROUP BY l.g
       )
       INSERT INTO order_history (store_id, table_id, table_session_id, order_id, order_number,
                                  items, total_amount, status, ordered_at, archived_at)
       SELECT $2, $3, $4, 1000000 * ($5 + 1) + i.g, 'bench-' || i.g, i.items, i.total, 'completed',
              $6::timestamptz - make_interval(days => $5) + make_interval(secs => i.g * $7::float8 / $1),
              $6::timestamptz - make_interval(days => $5) + make_interval(secs => i.g * $7::float8 / $1)
       FROM items i`,
      [count, params.store, tableIds[0], endedSession, day, dayStart, span],
    );
  }
  await db.query('COMMIT');
  await db.query('VACUUM ANALYZE orders');
  await db.query('VACUUM ANALYZE order_items');
  await db.query('VACUUM ANALYZE order_history');
  console.log(
    `  built ${ORDERS_TODAY} orders today (${LIVE_TODAY} live) + ${EARLIER_DAYS * ORDERS_TODAY} earlier ` +
      `in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return store;
}

/** Closed loop: `workers` requests at a time for `seconds`; requests/s and latencies in ms. */
function measure(url, token, workers, seconds = SECONDS) {
  return closedLoop({ workers, seconds, token, urlOf: () => url });
}

/** The report's statement alone through the app's own repository (no HTTP, auth or Redis). */
async function queryTime(databaseUrl, storeId, day) {
  require(join(DIST, 'database', 'typeorm-options')); // bigint parsing, as in the app
  const { ReportsRepository } = require(join(DIST, 'reports', 'reports.repository'));
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const reports = new ReportsRepository({
    query: (sql, params) => db.query(sql, params).then((result) => result.rows),
  });
  const samples = [];
  for (let i = 0; i < QUERY_SAMPLES; i++) {
    const started = process.hrtime.bigint();
    await reports.daySales(storeId, day, ZONE);
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  await db.end();
  return median(samples);
}

async function main() {
  const databaseUrl = await prepareBenchDatabase();
  const { hashPassword } = require(join(DIST, 'common', 'security', 'passwords'));
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const store = await buildStore(db, await hashPassword(ADMIN.password));
  await db.end();

  const app = await startApp('app', { DATABASE_URL: databaseUrl, STORE_TIMEZONE: ZONE });
  try {
    const login = await fetch(`${app.url}/api/auth/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ store_code: STORE_CODE, ...ADMIN }),
    });
    const { access_token: token } = await login.json();
    const todayUrl = `${app.url}/api/admin/reports/daily`;
    const today = JSON.parse(await getOk(new http.Agent(), todayUrl, token));
    if (today.order_count !== ORDERS_TODAY) {
      throw new Error(`the report counts ${today.order_count} orders today, not ${ORDERS_TODAY}`);
    }
    const pastUrl = `${todayUrl}?date=${new Date(Date.now() - 5 * 86_400_000).toISOString().slice(0, 10)}`;
    await getOk(new http.Agent(), pastUrl, token); // fills the cache
    await measure(todayUrl, token, 1, 1); // warm-up
    const f = (ms) => `${ms.toFixed(2)} ms`;
    console.log(
      `daily-report (GET /api/admin/reports/daily, today: ${ORDERS_TODAY} orders, ` +
        `${today.by_menu.length} menus, uncached; medians of ${ROUNDS} rounds of ${SECONDS} s; ` +
        `target p95 < 50 ms; generator: ${GENERATOR}):`,
    );
    for (const workers of CONCURRENCY) {
      const runs = { today: [], past: [] };
      for (let round = 0; round < ROUNDS; round++) {
        runs.today.push(await measure(todayUrl, token, workers));
        runs.past.push(await measure(pastUrl, token, workers, 1));
      }
      const pick = (which, key) => median(runs[which].map((run) => run[key]));
      console.log(
        `  ${workers} at a time: today ${pick('today', 'rps').toFixed(0)} req/s ` +
          `p50 ${f(pick('today', 'p50'))} p95 ${f(pick('today', 'p95'))} ` +
          `p99 ${f(pick('today', 'p99'))} (${runs.today.map((run) => run.n).join(' / ')} requests) | ` +
          `floor, cached past day ${pick('past', 'rps').toFixed(0)} req/s ` +
          `p50 ${f(pick('past', 'p50'))} p95 ${f(pick('past', 'p95'))}`,
      );
    }
    const alone = await queryTime(databaseUrl, store.storeId, today.date);
    console.log(`  the report's SQL statement alone, median of ${QUERY_SAMPLES}: ${f(alone)}`);
  } finally {
    await app.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
