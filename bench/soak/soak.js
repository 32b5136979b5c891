'use strict';
/**
 * `npm run soak`: one app instance from dist/ under mixed traffic at a fixed rate for
 * SOAK_SECONDS (default 600): menu reads, orders, status changes (pending → preparing →
 * completed), end-sessions, with one admin stream (GET /api/admin/orders/stream) and one tablet
 * stream (GET /api/orders/stream) open for the store. Samples the instance's /metrics every
 * SAMPLE_SECONDS, prints RSS against the V8 heap and external memory once a minute, then RSS at
 * start and end, the RSS slope after the warm-up (2 minutes, a third of the run when shorter),
 * the event-loop lag p99 (worst sampled window) and the count of 5xx answers, against the
 * targets: RSS < 200 MB, slope < 0.5 MB/min, lag p99 < 50 ms, 0 5xx. The app runs with the
 * image's memory settings (bench/lib/app-process.js); heap snapshots: docs/performance.md.
 * Exits 1 when a target is missed. Database: BENCH_DATABASE_URL (name containing "bench", see
 * bench/lib/bench-database.js); REDIS_URL and RABBITMQ_URL as exported.
 */
const http = require('node:http');
const { join } = require('node:path');
const { Client } = require('pg');
const { startApp } = require('../lib/app-process');
const { median } = require('../lib/load');
const {
  DIST,
  createBenchStore,
  dropBenchStores,
  prepareBenchDatabase,
} = require('../lib/bench-database');

const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const WARM_UP_SECONDS = Math.min(120, Math.floor(SECONDS / 3));
const SAMPLE_SECONDS = 5;
const STORE_CODE = 'soak-store';
const TABLE_COUNT = 20;
/** Requests per second of each kind; status changes follow the orders (two per order). */
const RATE = { menuReads: 40, orders: 4, endSessions: 0.2 };
const TARGETS = { rssMb: 200, slopeMbPerMin: 0.5, lagP99Ms: 50, serverErrors: 0 };
const TICK_MS = 100;
const GENERATOR = `fetch, open loop every ${TICK_MS} ms at the rates above (no floor: a memory soak)`;

const counts = { requests: 0, serverErrors: 0, unexpected: 0, streamEvents: 0, byStatus: {} };

async function call(url, method, path, { token, body, expect = [200] } = {}) {
  counts.requests++;
  let response;
  try {
    response = await fetch(`${url}${path}`, {
      method,
      headers: {
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
  } catch (error) {
    counts.unexpected++;
    console.log(`  ${method} ${path}: ${error.message}`);
    return undefined;
  }
  counts.byStatus[response.status] = (counts.byStatus[response.status] ?? 0) + 1;
  const text = await response.text();
  if (response.status >= 500) counts.serverErrors++;
  if (!expect.includes(response.status)) {
    counts.unexpected++;
    if (counts.unexpected <= 10) console.log(`  ${method} ${path}: ${response.status} ${text}`);
    return undefined;
  }
  return text ? JSON.parse(text) : {};
}

/** Keeps an SSE stream open (reopened when it ends) and counts its events. */
function keepStreamOpen(url, path, token) {
  let request;
  let closed = false;
  const open = () => {
    request = http.get(
      `${url}${path}`,
      { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } },
      (response) => {
        if (response.statusCode !== 200) {
          console.log(`  ${path}: ${response.statusCode}`);
          counts.unexpected++;
        }
        response.setEncoding('utf8');
        response.on('data', (chunk) => {
          counts.streamEvents += chunk.split('\n\n').length - 1;
        });
        response.on('end', () => !closed && setTimeout(open, 1000));
      },
    );
    request.on('error', () => !closed && setTimeout(open, 1000));
  };
  open();
  return () => {
    closed = true;
    request.destroy();
  };
}

async function sample(url) {
  const text = await (await fetch(`${url}/metrics`)).text();
  const value = (name) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
  return {
    at: Date.now(),
    rssMb: value('process_resident_memory_bytes') / 1024 / 1024,
    heapTotalMb: value('nodejs_heap_size_total_bytes') / 1024 / 1024,
    heapUsedMb: value('nodejs_heap_size_used_bytes') / 1024 / 1024,
    externalMb: value('nodejs_external_memory_bytes') / 1024 / 1024,
    lagP99Ms: value('nodejs_eventloop_lag_p99_seconds') * 1000,
  };
}

/** One line of the memory breakdown: RSS against the V8 heap and memory outside it. */
function printMemory(s, started) {
  const mb = (value) => `${value.toFixed(1)} MB`;
  console.log(
    `  ${String(Math.round((s.at - started) / 1000)).padStart(4)} s: RSS ${mb(s.rssMb)}, ` +
      `heap used ${mb(s.heapUsedMb)} of ${mb(s.heapTotalMb)}, external ${mb(s.externalMb)}, ` +
      `lag p99 ${s.lagP99Ms.toFixed(1)} ms`,
  );
}

/** Least-squares slope of RSS (MB) over time, in MB per minute. */
function slopePerMinute(samples) {
  const xs = samples.map((s) => s.at / 60_000);
  const ys = samples.map((s) => s.rssMb);
  const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;
  const [mx, my] = [mean(xs), mean(ys)];
  const numerator = xs.reduce((sum, x, i) => sum + (x - mx) * (ys[i] - my), 0);
  const denominator = xs.reduce((sum, x) => sum + (x - mx) ** 2, 0);
  return denominator === 0 ? 0 : numerator / denominator;
}

async function createFixture(db) {
  const { hashPassword } = require(join(DIST, 'common', 'security', 'passwords'));
  const password = 'soak-password';
  const passwordHash = await hashPassword(password);
  const store = await createBenchStore(db, STORE_CODE, {
    tableCount: TABLE_COUNT,
    menus: [
      { name: 'Soak noodles', price: 9000 },
      { name: 'Soak rice', price: 8000 },
    ],
    passwordHash,
  });
  await db.query(
    `INSERT INTO users (store_id, username, password_hash, role) VALUES ($1, 'soak', $2, 'store_admin')`,
    [store.storeId, passwordHash],
  );
  return { ...store, password };
}

async function main() {
  const databaseUrl = await prepareBenchDatabase();
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  await dropBenchStores(db, STORE_CODE);
  const fixture = await createFixture(db);
  const app = await startApp(
    'soak',
    { DATABASE_URL: databaseUrl, LOG_LEVEL: 'info' },
    { quietStdout: true },
  );
  const closers = [];
  try {
    const admin = await call(app.url, 'POST', '/api/auth/admin/login', {
      body: { store_code: STORE_CODE, username: 'soak', password: fixture.password },
    });
    const tables = [];
    for (const table of fixture.tables) {
      const login = await call(app.url, 'POST', '/api/auth/table/login', {
        body: {
          store_code: STORE_CODE,
          table_number: table.table_number,
          password: fixture.password,
        },
      });
      tables.push({ id: table.id, token: login.access_token });
    }
    closers.push(keepStreamOpen(app.url, '/api/admin/orders/stream', admin.access_token));
    closers.push(keepStreamOpen(app.url, '/api/orders/stream', tables[0].token));

    const samples = [await sample(app.url)];
    printMemory(samples[0], samples[0].at);
    console.log(
      `soak: ${SECONDS} s, warm-up ${WARM_UP_SECONDS} s, per second: ${RATE.menuReads} menu reads, ` +
        `${RATE.orders} orders (+2 status changes each), ${RATE.endSessions} end-sessions; ` +
        `1 admin + 1 tablet stream; app on node ${process.version}; generator: ${GENERATOR}`,
    );
    const started = Date.now();
    const owed = { menuReads: 0, orders: 0, endSessions: 0 };
    let sequence = 0;
    const pending = new Set();
    const track = (promise) => {
      pending.add(promise);
      promise.finally(() => pending.delete(promise));
    };
    const placeAndProgress = async (table) => {
      const order = await call(app.url, 'POST', '/api/orders', {
        token: table.token,
        body: { items: [{ menu_id: fixture.menuIds[sequence % 2], quantity: 1 + (sequence % 3) }] },
        expect: [201],
      });
      if (!order) return;
      for (const status of ['preparing', 'completed']) {
        await call(app.url, 'PATCH', `/api/admin/orders/${order.id}/status`, {
          token: admin.access_token,
          body: { status },
        });
      }
    };
    let nextSample = started + SAMPLE_SECONDS * 1000;
    while (Date.now() - started < SECONDS * 1000) {
      for (const kind of Object.keys(owed)) owed[kind] += (RATE[kind] * TICK_MS) / 1000;
      for (; owed.menuReads >= 1; owed.menuReads--) {
        const table = tables[sequence++ % tables.length];
        track(call(app.url, 'GET', '/api/menu/items', { token: table.token }));
      }
      for (; owed.orders >= 1; owed.orders--) {
        track(placeAndProgress(tables[sequence++ % tables.length]));
      }
      for (; owed.endSessions >= 1; owed.endSessions--) {
        const table = tables[sequence++ % tables.length];
        track(
          call(app.url, 'POST', `/api/admin/tables/${table.id}/end-session`, {
            token: admin.access_token,
            expect: [200, 409],
          }),
        );
      }
      if (Date.now() >= nextSample) {
        samples.push(await sample(app.url));
        nextSample += SAMPLE_SECONDS * 1000;
        if (samples.length % (60 / SAMPLE_SECONDS) === 1) printMemory(samples.at(-1), started);
      }
      await new Promise((resolve) => setTimeout(resolve, TICK_MS));
    }
    await Promise.all(pending);
    samples.push(await sample(app.url));
    printMemory(samples.at(-1), started);

    const afterWarmUp = samples.filter((s) => s.at - started >= WARM_UP_SECONDS * 1000);
    const result = {
      rssStartMb: samples[0].rssMb,
      rssEndMb: samples.at(-1).rssMb,
      rssMaxMb: Math.max(...samples.map((s) => s.rssMb)),
      slopeMbPerMin: slopePerMinute(afterWarmUp),
      lagP99Ms: Math.max(...afterWarmUp.map((s) => s.lagP99Ms)),
      lagP99MedianMs: median(afterWarmUp.map((s) => s.lagP99Ms)),
    };
    const met = {
      rss: result.rssMaxMb < TARGETS.rssMb,
      slope: result.slopeMbPerMin < TARGETS.slopeMbPerMin,
      lag: result.lagP99Ms < TARGETS.lagP99Ms,
      errors: counts.serverErrors === TARGETS.serverErrors,
    };
    const verdict = (ok) => (ok ? 'met' : 'NOT met');
    console.log(`  requests ${counts.requests}, by status ${JSON.stringify(counts.byStatus)}`);
    console.log(
      `  stream events received ${counts.streamEvents}, unexpected answers ${counts.unexpected}`,
    );
    console.log(
      `  RSS start ${result.rssStartMb.toFixed(1)} MB, end ${result.rssEndMb.toFixed(1)} MB, ` +
        `max ${result.rssMaxMb.toFixed(1)} MB (target < ${TARGETS.rssMb}: ${verdict(met.rss)})`,
    );
    console.log(
      `  RSS slope after warm-up ${result.slopeMbPerMin.toFixed(2)} MB/min over ${afterWarmUp.length} samples ` +
        `(target < ${TARGETS.slopeMbPerMin}: ${verdict(met.slope)})`,
    );
    console.log(
      `  event-loop lag p99 (worst ${SAMPLE_SECONDS} s window) ${result.lagP99Ms.toFixed(1)} ms ` +
        `(target < ${TARGETS.lagP99Ms}: ${verdict(met.lag)}); median window ${result.lagP99MedianMs.toFixed(1)} ms`,
    );
    console.log(`  5xx answers ${counts.serverErrors} (target 0: ${verdict(met.errors)})`);
    if (!Object.values(met).every(Boolean) || counts.unexpected > 0) process.exitCode = 1;
  } finally {
    for (const close of closers) close();
    await app.stop();
    await dropBenchStores(db, STORE_CODE);
    await db.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
