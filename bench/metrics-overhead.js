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
const { CONNECTIONS, measure } = require('./lib/load');
const { measureWithCpu, onOffPairs, onOffSummary } = require('./lib/on-off-pairs');

const COUNTED = { path: '/bench/unmatched-route', pairs: 5, status: '404' };
const CONTROL = { path: '/health/live', pairs: 2, status: '200' };
const SECONDS = 3;
const WARM_UP_SECONDS = 2;
const DIRECT_CALLS = 300_000;
const GENERATOR = `autocannon, ${CONNECTIONS} connections`;

/**
 * The hook's metrics work measured alone, in this process: what one request pays for
 * MetricsService.observeHttpRequest (counter + histogram, a realistic mix of label values).
 */
function directCost() {
  const { MetricsService } = require(
    join(__dirname, '..', 'dist', 'src', 'common', 'metrics', 'metrics.service'),
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

function pairs(instances, target) {
  return onOffPairs(instances, {
    label: target.path,
    count: target.pairs,
    run: (app) =>
      measureWithCpu(app, `${app.url}${target.path}`, {
        seconds: SECONDS,
        expectStatus: target.status,
      }),
  });
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
    console.log(
      `metrics on against metrics off (the floor), pairs of ${SECONDS} s, medians; generator: ${GENERATOR}`,
    );
    console.log(onOffSummary(`GET ${COUNTED.path} (counted by the metrics)`, 'metrics', counted));
    console.log(onOffSummary(`GET ${CONTROL.path} (not counted: control)`, 'metrics', control));
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
