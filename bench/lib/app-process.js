'use strict';
/**
 * Starts the built application (dist/src/main.js) as a child process for a benchmark and stops
 * it with SIGTERM. Run `npm run build` first (`npm run bench` does). With BENCH_CPU_PROF=<dir>
 * the instance runs under `node --cpu-prof` and writes its CPU profile there when it stops
 * (summarise it with `node bench/lib/profile-summary.js <file>.cpuprofile`).
 */
const { spawn } = require('node:child_process');
const { existsSync } = require('node:fs');
const { createServer } = require('node:net');
const { join } = require('node:path');

const MAIN = join(__dirname, '..', '..', 'dist', 'src', 'main.js');
const BOOT_TIMEOUT_MS = 60_000;

let portsHandedOut = 0;

/** A free port, or the next one of BENCH_PORT_BASE .. +99 when that variable is set. */
async function benchPort() {
  const base = process.env.BENCH_PORT_BASE;
  if (base) return Number(base) + (portsHandedOut++ % 100);
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function isLive(url) {
  try {
    return (await fetch(`${url}/health/live`)).status === 200;
  } catch {
    return false;
  }
}

/**
 * Starts one instance against the caller's services (DATABASE_URL, REDIS_URL, RABBITMQ_URL as
 * exported, else the local defaults) with error-only logs, no demo data and a rate limit high
 * enough never to answer 429 (`quietStdout` sends its stdout, e.g. request logs at info, to
 * /dev/null); resolves `{ name, url, stop }` once /health/live answers.
 */
async function startApp(name, overrides = {}, { quietStdout = false } = {}) {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build first`);
  const port = await benchPort();
  const url = `http://127.0.0.1:${port}`;
  const profileDir = process.env.BENCH_CPU_PROF;
  const profiling = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawn(process.execPath, [...profiling, MAIN], {
    env: {
      ...process.env,
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'error',
      SEED_DEMO: 'false',
      RATE_LIMIT_MAX: '10000000',
      LOGIN_RATE_LIMIT_MAX: '10000000',
      ...overrides,
    },
    stdio: ['ignore', quietStdout ? 'ignore' : 'inherit', 'inherit'],
  });
  const deadline = Date.now() + BOOT_TIMEOUT_MS;
  while (!(await isLive(url))) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not answer /health/live within ${BOOT_TIMEOUT_MS} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { name, url, stop: () => stopApp(child), cpuSeconds: () => cpuSeconds(url) };
}

/**
 * CPU time the instance has used so far (user + system), from its own /metrics. Per-request CPU
 * is steadier than requests/s when other work shares the machine.
 */
async function cpuSeconds(url) {
  const text = await (await fetch(`${url}/metrics`)).text();
  const match = /^process_cpu_seconds_total (\S+)$/m.exec(text);
  if (!match) throw new Error(`${url}/metrics has no process_cpu_seconds_total`);
  return Number(match[1]);
}

function stopApp(child) {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

module.exports = { startApp, benchPort };
