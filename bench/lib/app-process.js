'use strict';
/**
 * Starts the built application (dist/src/main.js), or a floor server of bench/lib, as a child
 * process for a benchmark, and stops it with SIGTERM. Run `npm run build` first (`npm run bench`
 * does). Every server listens on a port the system picks free at that moment (PORT=0) and reports
 * it through bench/lib/report-listening.js, so benches run back to back, or several runs at once
 * on one machine, never meet on a port. Children run on the Node that runs the bench
 * (`npm run bench` and `npm run soak` use .tools/node24, the runtime of the image). With
 * BENCH_CPU_PROF=<dir> the app runs under `node --cpu-prof` and writes its CPU profile there when
 * it stops (summarise it with `node bench/lib/profile-summary.js <file>.cpuprofile`).
 */
const { spawn } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const MAIN = join(__dirname, '..', '..', 'dist', 'src', 'main.js');
const REPORT_LISTENING = join(__dirname, 'report-listening.js');
const BOOT_TIMEOUT_MS = 60_000;
/**
 * The memory settings of the image (the Dockerfile's ENV, test/container-image.e2e-spec.ts keeps
 * the two equal; docs/decisions.md "Memory settings of the runtime"), so a bench measures the app
 * as it runs in production. A NODE_OPTIONS of the caller comes after them, so it can add to them
 * (`--heapsnapshot-signal=SIGUSR2`) or override one (another `--max-semi-space-size` to compare).
 */
const IMAGE_RUNTIME = require('./image-runtime.json');
const PRODUCTION_RUNTIME = {
  ...IMAGE_RUNTIME,
  NODE_OPTIONS: [IMAGE_RUNTIME.NODE_OPTIONS, process.env.NODE_OPTIONS].filter(Boolean).join(' '),
};

/**
 * Spawns `script` with PORT=0 and resolves `{ child, url }` once its first HTTP server listens
 * (`stdout`: 'inherit' or 'ignore'; `nodeFlags` go before the script).
 */
async function spawnServer(name, script, { env = {}, stdout = 'inherit', nodeFlags = [] } = {}) {
  const child = spawn(process.execPath, [...nodeFlags, '--require', REPORT_LISTENING, script], {
    env: { ...process.env, ...env, PORT: '0' },
    stdio: ['ignore', stdout, 'inherit', 'ipc'],
  });
  try {
    const { address, port } = await new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${name} did not listen within ${BOOT_TIMEOUT_MS} ms`)),
        BOOT_TIMEOUT_MS,
      );
      child.on('message', (message) => {
        if (!message?.listening) return;
        clearTimeout(timer);
        resolve(message.listening);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited with ${code ?? signal} before listening`));
      });
    });
    const host = address.includes(':') ? `[${address}]` : address;
    return { child, url: `http://${host}:${port}` };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}

/**
 * Starts one instance against the caller's services (DATABASE_URL, REDIS_URL, RABBITMQ_URL as
 * exported, else the local defaults) with error-only logs, no demo data and a rate limit high
 * enough never to answer 429 (`quietStdout` sends its stdout, e.g. request logs at info, to
 * /dev/null); resolves `{ name, url, pid, stop, cpuSeconds }` once /health/live answers.
 */
async function startApp(name, overrides = {}, { quietStdout = false } = {}) {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build first`);
  const profileDir = process.env.BENCH_CPU_PROF;
  const { child, url } = await spawnServer(name, MAIN, {
    env: {
      ...PRODUCTION_RUNTIME,
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'error',
      SEED_DEMO: 'false',
      RATE_LIMIT_MAX: '10000000',
      LOGIN_RATE_LIMIT_MAX: '10000000',
      ...overrides,
    },
    stdout: quietStdout ? 'ignore' : 'inherit',
    nodeFlags: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
  });
  const liveResponse = await fetch(`${url}/health/live`).catch((error) => error);
  if (liveResponse.status !== 200) {
    await stopChild(child);
    throw new Error(`${name} listens on ${url} but /health/live answers ${liveResponse}`);
  }
  return {
    name,
    url,
    pid: child.pid,
    stop: () => stopChild(child),
    cpuSeconds: () => cpuSeconds(url),
  };
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

/** SIGTERM, resolving with the exit code (at once when the child has exited already). */
function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

module.exports = { startApp, spawnServer, stopChild };
