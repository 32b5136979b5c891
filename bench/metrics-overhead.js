'use strict';
/**
 * Cost of the HTTP metrics (http_requests_total + http_request_duration_seconds, recorded by
 * the global onResponse hook): two instances of the built app in the same run, one with
 * HTTP_METRICS_ENABLED=false, measured in back-to-back pairs (order alternating) so that load
 * from anything else on the machine hits both sides of a pair alike; medians are reported.
 * Two measures per run: requests/s under autocannon, and the server's CPU time per request
 * (from its own process_cpu_seconds_total), which is far less sensitive to a busy machine.
 *
 * Target: an unmatched URL (404 through Nest's not-found handler and the error filter), the
 * cheapest request this build has that the metrics count. /health/live, which the metrics skip
 * on purpose, is measured the same way as a control: its ratios show the noise of the run.
 */
const { join } = require('node:path');
const { startApp } = require('./lib/app-process');
const { measure, median } = require('./lib/load');

const COUNTED = { path: '/bench/unmatched-route', pairs: 5, status: '404' };
const CONTROL = { path: '/health/live', pairs: 2, status: '200' };
const SECONDS = 3;
const WARM_UP_SECONDS = 2;
const DIRECT_CALLS = 300_000;

/**
 * The hook's metrics work measured alone, in this process: what one request pays for
 * MetricsService.observeHttpRequest (counter + histogram, a realistic mix of label values).
 */
function directCost() {
  const { MetricsService } = require(
    join(__dirname, '..', 'dist', 'src', 'observability', 'metrics.service'),
  );
  const metrics = new MetricsService();
  const endpoints = ['/api/menu/items', '/api/admin/orders/:id', '/api/orders', 'unmatched'];
  const statuses = [200, 200, 201, 404];
  const call = (i) =>
    metrics.observeHttpRequest('GET', endpoints[i % 4], statuses[(i >> 2) % 4], 0.004);
  for (let i = 0; i < DIRECT_CALLS; i++) call(i);
  const started = process.hrtime.bigint();
  for (let i = 0; i < DIRECT_CALLS; i++) call(i);
  return Number(process.hrtime.bigint() - started) / DIRECT_CALLS / 1000;
}

async function run(app, target) {
  const cpuBefore = await app.cpuSeconds();
  const result = await measure(`${app.url}${target.path}`, {
    seconds: SECONDS,
    expectStatus: target.status,
  });
  const cpuAfter = await app.cpuSeconds();
  if (result.unexpected > 0)
    throw new Error(`${app.name}: ${result.unexpected} unexpected answers`);
  return { rps: result.requestsPerSecond, cpuUs: ((cpuAfter - cpuBefore) / result.total) * 1e6 };
}

async function pairs([on, off], target) {
  const rows = [];
  for (let pair = 0; pair < target.pairs; pair++) {
    const order = pair % 2 === 0 ? [on, off] : [off, on];
    const results = {};
    for (const app of order) results[app.name] = await run(app, target);
    const row = { on: results[on.name], off: results[off.name] };
    rows.push(row);
    console.log(
      `  ${target.path} pair ${pair + 1}: ` +
        `with ${row.on.rps.toFixed(0)} req/s ${row.on.cpuUs.toFixed(1)} µs CPU/req, ` +
        `without ${row.off.rps.toFixed(0)} req/s ${row.off.cpuUs.toFixed(1)} µs CPU/req`,
    );
  }
  const pick = (side, key) => median(rows.map((row) => row[side][key]));
  return {
    rpsOn: pick('on', 'rps'),
    rpsOff: pick('off', 'rps'),
    rpsRatio: median(rows.map((row) => row.on.rps / row.off.rps)),
    cpuOn: pick('on', 'cpuUs'),
    cpuOff: pick('off', 'cpuUs'),
  };
}

function summary(label, r) {
  return [
    `${label}`,
    `  requests/s  with metrics ${r.rpsOn.toFixed(0)}, without ${r.rpsOff.toFixed(0)}, median ratio ${r.rpsRatio.toFixed(3)}`,
    `  CPU/request with metrics ${r.cpuOn.toFixed(1)} µs, without ${r.cpuOff.toFixed(1)} µs, ` +
      `difference ${(r.cpuOn - r.cpuOff).toFixed(1)} µs (ratio ${(r.cpuOff / r.cpuOn).toFixed(3)})`,
  ].join('\n');
}

async function main() {
  const instances = await Promise.all([
    startApp('metrics on', { HTTP_METRICS_ENABLED: 'true' }),
    startApp('metrics off', { HTTP_METRICS_ENABLED: 'false' }),
  ]);
  try {
    for (const app of instances) {
      await measure(`${app.url}${COUNTED.path}`, { seconds: WARM_UP_SECONDS });
    }
    const counted = await pairs(instances, COUNTED);
    const control = await pairs(instances, CONTROL);
    console.log('');
    console.log(summary(`GET ${COUNTED.path} (counted by the metrics)`, counted));
    console.log(summary(`GET ${CONTROL.path} (not counted: control)`, control));
    console.log(
      `MetricsService.observeHttpRequest alone: ${directCost().toFixed(2)} µs per request (${DIRECT_CALLS} calls)`,
    );
  } finally {
    await Promise.all(instances.map((app) => app.stop()));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
