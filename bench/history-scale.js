'use strict';
/**
 * GET /api/admin/tables/:id/history latency for a table with 1,000 archived orders against one
 * with 1,000,000 in the same database (target: p50 and p95 at 1M ≤ 2 × at 1k).
 *
 * The rows are bulk-inserted once with generate_series into the bench database
 * (BENCH_DATABASE_URL, default table_order_bench) under the store `bench-history`, spread over
 * the last 364 days with their per-day counts, and reused by later runs. Every measured request
 * has its own from/to pair (both far outside the data, so each returns the same pages as no
 * filter), hence its own cache key: the numbers are the PostgreSQL path, not Redis. A cached
 * run is printed for reference. Closed loop, WORKERS concurrent requests, exact percentiles.
 */
const { join } = require('node:path');
const { Client } = require('pg');
const Redis = require('ioredis');
const { startApp } = require('./lib/app-process');
const { closedLoop } = require('./lib/closed-loop');
const { median } = require('./lib/load');
const { DIST, createBenchStore, prepareBenchDatabase } = require('./lib/bench-database');

const STORE_CODE = 'bench-history';
const SIZES = { small: 1_000, large: 1_000_000 };
const WORKERS = 8;
const GENERATOR = `node:http closed loop, ${WORKERS} in flight`;
const SECONDS = 3;
const ROUNDS = 2;
const QUERY_SAMPLES = 200;
const ADMIN = { username: 'bench-admin', password: 'bench-admin-pass' };
const SPAN_SECONDS = 364 * 86_400;

async function ensureHistory(db, passwordHash) {
  const existing = await db.query(
    `SELECT t.id, t.table_number, coalesce(sum(c.archived_count), 0)::int AS rows
     FROM stores s JOIN tables t ON t.store_id = s.id
     LEFT JOIN order_history_day_counts c ON c.table_id = t.id
     WHERE s.code = $1 GROUP BY t.id ORDER BY t.table_number`,
    [STORE_CODE],
  );
  const wanted = [SIZES.small, SIZES.large];
  if (existing.rows.length === 2 && existing.rows.every((row, i) => row.rows === wanted[i])) {
    const [{ id: storeId }] = (
      await db.query(`SELECT id FROM stores WHERE code = $1`, [STORE_CODE])
    ).rows;
    return { storeId, small: existing.rows[0].id, large: existing.rows[1].id };
  }
  await db.query(`DELETE FROM stores WHERE code = $1`, [STORE_CODE]);
  const store = await createBenchStore(db, STORE_CODE, { tableCount: 2, menus: [], passwordHash });
  await db.query(
    `INSERT INTO users (store_id, username, password_hash, role) VALUES ($1, $2, $3, 'store_admin')`,
    [store.storeId, ADMIN.username, passwordHash],
  );
  const started = Date.now();
  for (const [i, table] of store.tables.entries()) {
    const rows = wanted[i];
    const {
      rows: [session],
    } = await db.query(
      `INSERT INTO table_sessions (store_id, table_id, started_at, ended_at, is_active)
       VALUES ($1, $2, now() - interval '365 days', now(), false) RETURNING id`,
      [store.storeId, table.id],
    );
    await db.query(
      `INSERT INTO order_history (store_id, table_id, table_session_id, order_id, order_number,
                                  items, total_amount, status, ordered_at, archived_at)
       SELECT $1, $2, $3, g, to_char(now() - make_interval(secs => g * $5::float8), 'YYYYMMDD') || '-0001',
              '[{"menu_id":1,"menu_name":"Bibimbap","unit_price":9000,"quantity":2},
                {"menu_id":2,"menu_name":"Cola","unit_price":2000,"quantity":1}]'::jsonb,
              20000, 'completed',
              now() - make_interval(secs => g * $5::float8) - interval '40 minutes',
              now() - make_interval(secs => g * $5::float8)
       FROM generate_series(1, $4) g`,
      [store.storeId, table.id, session.id, rows, SPAN_SECONDS / rows],
    );
    await db.query(
      `INSERT INTO order_history_day_counts (table_id, business_date, archived_count)
       SELECT table_id, (archived_at AT TIME ZONE 'Asia/Seoul')::date, count(*)
       FROM order_history WHERE table_id = $1 GROUP BY 1, 2`,
      [table.id],
    );
  }
  await db.query('VACUUM ANALYZE order_history');
  await db.query('VACUUM ANALYZE order_history_day_counts');
  console.log(
    `  inserted ${SIZES.small + SIZES.large} history rows in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return { storeId: store.storeId, small: store.tables[0].id, large: store.tables[1].id };
}

function day(base, offset) {
  return new Date(Date.UTC(base, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
}

/** Closed loop: WORKERS requests at a time for SECONDS; requests/s and latencies in ms. */
function measure(appUrl, token, tableId, page, { cached = false, seconds = SECONDS } = {}) {
  const urlOf = (n) => {
    const range = cached
      ? ''
      : `&from=${day(2000, n % 7000)}&to=${day(2030, Math.floor(n / 7000))}`;
    return `${appUrl}/api/admin/tables/${tableId}/history?page=${page}&page_size=50${range}`;
  };
  return closedLoop({ workers: WORKERS, seconds, token, urlOf });
}

/**
 * The two queries of a page (count, then the page) run alone through the app's own repository,
 * one after the other: PostgreSQL execution without HTTP, auth or Redis.
 */
async function queryTimes(databaseUrl, tables) {
  require(join(DIST, 'database', 'typeorm-options')); // bigint parsing, as in the app
  const { OrderHistoryRepository } = require(join(DIST, 'orders', 'order-history.repository'));
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const history = new OrderHistoryRepository({
    query: (sql, params) => db.query(sql, params).then((result) => result.rows),
  });
  const time = async (call, samplesWanted = QUERY_SAMPLES) => {
    const samples = [];
    for (let i = 0; i < samplesWanted; i++) {
      const started = process.hrtime.bigint();
      await call();
      samples.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    return median(samples).toFixed(2);
  };
  const parts = [];
  for (const size of ['small', 'large']) {
    const table = tables[size];
    const count = await time(() => history.countForTable(table, {}));
    const page1 = await time(() => history.pageForTable(table, {}, 'Asia/Seoul', 50, 0));
    const page10 = await time(() => history.pageForTable(table, {}, 'Asia/Seoul', 50, 450));
    // What the per-day counts save: an exact COUNT(*) over the table's (table_id, archived_at) index.
    const indexCount = await time(
      () => db.query('SELECT count(*) FROM order_history WHERE table_id = $1', [table]),
      20,
    );
    parts.push(
      `${size === 'small' ? '1k' : '1M'}: count ${count} ms, page 1 ${page1} ms, page 10 ${page10} ms ` +
        `(a COUNT(*) over the index instead: ${indexCount} ms)`,
    );
  }
  await db.end();
  console.log(`  queries alone, median of ${QUERY_SAMPLES}: ${parts.join(' | ')}`);
}

async function main() {
  const databaseUrl = await prepareBenchDatabase();
  const { hashPassword } = require(join(DIST, 'common', 'security', 'passwords'));
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const tables = await ensureHistory(db, await hashPassword(ADMIN.password));
  await db.end();

  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true });
  await redis.connect();
  const stale = await redis.keys(`${tables.storeId}:order_history:*`); // a few keys of one store
  if (stale.length > 0) await redis.unlink(...stale);
  await redis.quit();

  const app = await startApp('app', { DATABASE_URL: databaseUrl });
  try {
    const login = await fetch(`${app.url}/api/auth/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ store_code: STORE_CODE, ...ADMIN }),
    });
    const { access_token: token } = await login.json();
    for (const table of [tables.small, tables.large]) {
      await measure(app.url, token, table, 1, { seconds: 1 }); // warm-up
    }
    const f = (ms) => `${ms.toFixed(2)} ms`;
    console.log(
      `history-scale (GET /api/admin/tables/:id/history, page_size 50, uncached; ` +
        `medians of ${ROUNDS} rounds in alternating order; generator: ${GENERATOR}):`,
    );
    for (const page of [1, 10]) {
      const runs = { small: [], large: [] };
      for (let round = 0; round < ROUNDS; round++) {
        const order = round % 2 === 0 ? ['small', 'large'] : ['large', 'small'];
        for (const size of order)
          runs[size].push(await measure(app.url, token, tables[size], page));
      }
      const pick = (size, key) => median(runs[size].map((run) => run[key]));
      const side = (size) => ({
        rps: pick(size, 'rps'),
        p50: pick(size, 'p50'),
        p95: pick(size, 'p95'),
      });
      const [small, large] = [side('small'), side('large')];
      console.log(
        `  page ${page}: 1k rows (the floor) ${small.rps.toFixed(0)} req/s p50 ${f(small.p50)} p95 ${f(small.p95)} | ` +
          `1M rows ${large.rps.toFixed(0)} req/s p50 ${f(large.p50)} p95 ${f(large.p95)} | ` +
          `ratio p50 ${(large.p50 / small.p50).toFixed(2)}, p95 ${(large.p95 / small.p95).toFixed(2)} (target ≤ 2)`,
      );
    }
    const cached = await measure(app.url, token, tables.large, 1, { cached: true });
    console.log(
      `  cached page 1 at 1M rows (Redis hit): ${cached.rps.toFixed(0)} req/s ` +
        `p50 ${f(cached.p50)} p95 ${f(cached.p95)}`,
    );
    await queryTimes(databaseUrl, tables);
  } finally {
    await app.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
