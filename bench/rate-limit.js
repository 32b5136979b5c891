'use strict';
/**
 * Cost of the global rate-limit guard (Redis sliding window; a principal's general limit counted
 * from leases of up to 8 slots per Lua round trip, see docs/decisions.md):
 * two instances of the built app in the same run, RATE_LIMIT_ENABLED=true and false, measured in
 * back-to-back pairs with alternating order so background load hits both sides alike; medians
 * of requests/s and of the server's CPU time per request (from its own
 * process_cpu_seconds_total, steadier than requests/s on a shared machine).
 *
 * Targets, both authenticated with a bearer token (verified once, then from the token cache):
 * - GET /api/superadmin/stores as the superadmin: 200 and one small SQL query, the cheapest
 *   authenticated 200 route of this build;
 * - the same URL with a store admin's token: 403 from the auth guard after the rate-limit guard
 *   counted it, no SQL — the closest this build gets to "the guard alone".
 * The limit is raised so nothing answers 429, and the window shortened to 1 s so the sorted set
 * of the benchmarked principal stays near the size a real one has (a few thousand members at
 * most, not a minute of traffic). The pool is small: the PostgreSQL server may be shared.
 * Database: the bench database (BENCH_DATABASE_URL, see bench/lib/bench-database.js), never
 * DATABASE_URL: the bench creates a superadmin and a store (removed afterwards), and a test
 * database exported as DATABASE_URL is emptied by the test runs sharing it.
 *
 * Last, the storage call alone in this process (RedisThrottlerStorage.increment against
 * REDIS_URL): wall time and client CPU per call, one call in flight and 50 in flight (ioredis
 * auto-pipelining then sends many scripts in one write).
 */
const { join } = require('node:path');
const { Client } = require('pg');
const { startApp } = require('./lib/app-process');
const { dropBenchStores, prepareBenchDatabase } = require('./lib/bench-database');
const { CONNECTIONS } = require('./lib/load');
const { measureWithCpu, onOffPairs, onOffSummary } = require('./lib/on-off-pairs');

const PATH = '/api/superadmin/stores';
const PAIRS = Number(process.env.BENCH_PAIRS ?? 5);
const SECONDS = 3;
const WARM_UP_SECONDS = 2;
const SUPERADMIN = { username: 'bench-root', password: 'bench-root-password' };
const STORE_CODE_PREFIX = 'bench-rate-limit-';
const GENERATOR = `autocannon, ${CONNECTIONS} connections`;
const OVERRIDES = {
  DB_POOL_MAX: '5',
  RATE_LIMIT_WINDOW_SECONDS: '1',
  SUPERADMIN_USERNAME: SUPERADMIN.username,
  SUPERADMIN_PASSWORD: SUPERADMIN.password,
};

async function post(url, body, token) {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${url}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** A superadmin token, and the token of a store admin of a store created for the run. */
async function tokens(url) {
  const root = (await post(`${url}/api/auth/superadmin/login`, SUPERADMIN)).access_token;
  const code = `${STORE_CODE_PREFIX}${Date.now().toString(36)}`;
  const store = await post(`${url}/api/superadmin/stores`, { code, name: 'Bench' }, root);
  const admin = { username: 'bench-admin', password: 'bench-admin-password' };
  await post(`${url}/api/superadmin/stores/${store.id}/admins`, admin, root);
  const login = await post(`${url}/api/auth/admin/login`, { store_code: code, ...admin });
  return { root, admin: login.access_token };
}

function run(app, target, seconds = SECONDS) {
  return measureWithCpu(app, `${app.url}${PATH}`, {
    seconds,
    expectStatus: target.status,
    headers: { authorization: `Bearer ${target.token}` },
  });
}

function pairs(instances, target) {
  return onOffPairs(instances, {
    label: target.label,
    count: PAIRS,
    run: (app) => run(app, target),
  });
}

async function storageCost() {
  const { RedisThrottlerStorage } = require(
    join(__dirname, '..', 'dist', 'src', 'common', 'rate-limit', 'redis-throttler-storage.service'),
  );
  const Redis = require('ioredis').default;
  const client = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
    enableAutoPipelining: true,
  });
  const storage = new RedisThrottlerStorage({ client });
  const calls = 20_000;
  const keys = Array.from({ length: 50 }, (_, i) => `bench:rate-limit:${process.pid}:${i}`);
  const lines = [];
  try {
    for (const inFlight of [1, 50]) {
      for (const measured of [false, true]) {
        let started = 0;
        const cpu = process.cpuUsage();
        const wall = process.hrtime.bigint();
        await Promise.all(
          keys.slice(0, inFlight).map(async (key) => {
            while (started++ < calls) await storage.increment(key, 1000, 10_000_000);
          }),
        );
        if (!measured) continue;
        const { user, system } = process.cpuUsage(cpu);
        const wallUs = Number(process.hrtime.bigint() - wall) / 1000 / calls;
        lines.push(
          `  ${inFlight} in flight: ${wallUs.toFixed(1)} µs wall, ` +
            `${((user + system) / calls).toFixed(1)} µs client CPU per call`,
        );
      }
    }
  } finally {
    await client.del(...keys);
    client.disconnect();
  }
  return lines.join('\n');
}

async function main() {
  const databaseUrl = await prepareBenchDatabase();
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  await dropBenchStores(db, STORE_CODE_PREFIX);
  const overrides = { ...OVERRIDES, DATABASE_URL: databaseUrl };
  const instances = [];
  try {
    // One after the other: both upsert the benchmark superadmin at start.
    instances.push(await startApp('guard on', { ...overrides, RATE_LIMIT_ENABLED: 'true' }));
    instances.push(await startApp('guard off', { ...overrides, RATE_LIMIT_ENABLED: 'false' }));
    const { root, admin } = await tokens(instances[0].url);
    const targets = [
      { label: `GET ${PATH} as superadmin (200, one SQL query)`, token: root, status: '200' },
      { label: `GET ${PATH} as store admin (403, no SQL)`, token: admin, status: '403' },
    ];
    for (const target of targets) {
      for (const app of instances) await run(app, target, WARM_UP_SECONDS);
    }
    const results = [];
    for (const target of targets) results.push([target.label, await pairs(instances, target)]);
    console.log(
      `\nguard on against guard off (the floor), ${PAIRS} pairs of ${SECONDS} s per target, ` +
        `medians; generator: ${GENERATOR}`,
    );
    for (const [label, result] of results) console.log(onOffSummary(label, 'guard', result));
    console.log(
      `RedisThrottlerStorage.increment alone (one Lua round trip):\n${await storageCost()}`,
    );
  } finally {
    await Promise.all(instances.map((app) => app.stop()));
    await dropBenchStores(db, STORE_CODE_PREFIX);
    await db.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
