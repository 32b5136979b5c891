'use strict';
/**
 * Cost of the global rate-limit guard (Redis sliding window, one Lua round trip per request):
 * two instances of the built app (dist/) in the same run, RATE_LIMIT_ENABLED=true and false,
 * measured in back-to-back pairs with alternating order, so background load hits both sides
 * alike; prints each pair and the medians.
 *
 * Targets, both authenticated with a bearer token (verified once, then from the token cache):
 * - GET /api/superadmin/stores as the superadmin: 200, one small SQL query (the cheapest
 *   authenticated 200 route of this build);
 * - the same URL with a store admin's token: 403 from the auth guard after the rate-limit guard
 *   counted it, no SQL — the closest to "the guard alone" the app offers.
 * The limit is raised so nothing answers 429, and the window shortened to 1 s so the sorted set
 * of the benchmarked principal stays near the size a real one has (a few thousand members at
 * most instead of a minute of traffic). The pool is kept small: the PostgreSQL server is shared.
 *
 * Run `npm run build` first. Services from DATABASE_URL / REDIS_URL / RABBITMQ_URL (local
 * defaults otherwise); ports BENCH_PORT_BASE .. +1 when set, else free ones.
 */
const { spawn } = require('node:child_process');
const { existsSync } = require('node:fs');
const { createServer } = require('node:net');
const { join } = require('node:path');
const autocannon = require('autocannon');

const MAIN = join(__dirname, '..', 'dist', 'src', 'main.js');
const PATH = '/api/superadmin/stores';
const PAIRS = Number(process.env.BENCH_PAIRS ?? 4);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 50;
const SUPERADMIN = { username: 'bench-root', password: 'bench-root-password' };

let portsHandedOut = 0;
async function port() {
  if (process.env.BENCH_PORT_BASE) return Number(process.env.BENCH_PORT_BASE) + portsHandedOut++;
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: free } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return free;
}

async function startApp(name, env) {
  const url = `http://127.0.0.1:${await port()}`;
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: new URL(url).port,
      LOG_LEVEL: 'error',
      DB_POOL_MAX: '5',
      SEED_DEMO: 'false',
      SUPERADMIN_USERNAME: SUPERADMIN.username,
      SUPERADMIN_PASSWORD: SUPERADMIN.password,
      RATE_LIMIT_MAX: '10000000',
      RATE_LIMIT_WINDOW_SECONDS: '1',
      LOGIN_RATE_LIMIT_MAX: '10000000',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const stop = () =>
    child.exitCode !== null
      ? Promise.resolve()
      : new Promise((resolve) => {
          child.once('exit', resolve);
          child.kill('SIGTERM');
        });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${name} did not start within 60 s`);
    }
    const live = await fetch(`${url}/health/live`).then(
      (response) => response.ok,
      () => false,
    );
    if (live) return { name, url, stop };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

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

/** A superadmin token, and a store admin token of a store created for the run. */
async function tokens(url) {
  const root = (await post(`${url}/api/auth/superadmin/login`, SUPERADMIN)).access_token;
  const code = `bench-${Date.now().toString(36)}`;
  const store = await post(`${url}/api/superadmin/stores`, { code, name: 'Bench' }, root);
  const admin = { username: 'bench-admin', password: 'bench-admin-password' };
  await post(`${url}/api/superadmin/stores/${store.id}/admins`, admin, root);
  const login = await post(`${url}/api/auth/admin/login`, { store_code: code, ...admin });
  return { root, admin: login.access_token };
}

async function requestsPerSecond(app, target, seconds) {
  const result = await autocannon({
    url: `${app.url}${PATH}`,
    headers: { authorization: `Bearer ${target.token}` },
    connections: CONNECTIONS,
    duration: seconds,
  });
  const expected = result.statusCodeStats?.[target.status]?.count ?? 0;
  const unexpected = result.requests.total - expected + result.errors;
  if (unexpected > 0) {
    throw new Error(`${app.name}: ${unexpected} of ${result.requests.total} not ${target.status}`);
  }
  return result.requests.average;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function compare(apps, target) {
  const rows = [];
  for (let pair = 0; pair < PAIRS; pair++) {
    const rps = {};
    for (const app of pair % 2 ? [...apps].reverse() : apps) {
      rps[app.name] = await requestsPerSecond(app, target, SECONDS);
    }
    rows.push({ with: rps.limited, without: rps.unlimited, ratio: rps.limited / rps.unlimited });
    console.log(
      `  ${target.label} pair ${pair + 1}: with guard ${rps.limited.toFixed(0)} req/s, ` +
        `without ${rps.unlimited.toFixed(0)} req/s, ratio ${(rps.limited / rps.unlimited).toFixed(3)}`,
    );
  }
  const withGuard = median(rows.map((row) => row.with));
  const without = median(rows.map((row) => row.without));
  const costUs = (1 / withGuard - 1 / without) * 1e6;
  return (
    `${target.label}: with rate-limit guard ${withGuard.toFixed(0)} req/s, without ` +
    `${without.toFixed(0)} req/s, median ratio ${median(rows.map((row) => row.ratio)).toFixed(3)} ` +
    `(≈ ${costUs.toFixed(0)} µs per request)`
  );
}

async function main() {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build first`);
  const apps = [];
  try {
    apps.push(await startApp('limited', { RATE_LIMIT_ENABLED: 'true' }));
    apps.push(await startApp('unlimited', { RATE_LIMIT_ENABLED: 'false' }));
    const { root, admin } = await tokens(apps[0].url);
    const targets = [
      { label: `GET ${PATH} as superadmin (200, 1 SQL query)`, token: root, status: '200' },
      { label: `GET ${PATH} as store admin (403, no SQL)`, token: admin, status: '403' },
    ];
    for (const target of targets) {
      for (const app of apps) await requestsPerSecond(app, target, 2);
    }
    const lines = [];
    for (const target of targets) lines.push(await compare(apps, target));
    console.log(
      `\n${CONNECTIONS} connections, ${PAIRS} pairs of ${SECONDS} s per target, medians:`,
    );
    for (const line of lines) console.log(line);
  } finally {
    await Promise.all(apps.map((app) => app.stop()));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
