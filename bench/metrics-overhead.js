'use strict';
/**
 * Cost of the HTTP metrics (http_requests_total + http_request_duration_seconds, recorded by
 * the global onResponse hook): two instances of the built app in the same run, one with
 * HTTP_METRICS_ENABLED=false, measured in back-to-back pairs (order alternating) so that load
 * from anything else on the machine hits both sides of a pair alike; the medians are reported.
 *
 * Target: an unmatched URL (404 through Nest's not-found handler and the error filter), the
 * cheapest request this build has that the metrics count. /health/live, which the metrics skip
 * on purpose, is measured the same way as a control: its ratio shows the noise of the run.
 */
const { startApp } = require('./lib/app-process');
const { measure, median } = require('./lib/load');

const COUNTED = { path: '/bench/unmatched-route', pairs: 6, status: '404' };
const CONTROL = { path: '/health/live', pairs: 2, status: '200' };
const SECONDS = 3;
const WARM_UP_SECONDS = 2;

async function pairs(instances, target) {
  const [on, off] = instances;
  const rows = [];
  for (let pair = 0; pair < target.pairs; pair++) {
    const order = pair % 2 === 0 ? [on, off] : [off, on];
    const rps = {};
    for (const app of order) {
      const run = await measure(`${app.url}${target.path}`, {
        seconds: SECONDS,
        expectStatus: target.status,
      });
      if (run.unexpected > 0) throw new Error(`${app.name}: ${run.unexpected} unexpected answers`);
      rps[app.name] = run.requestsPerSecond;
    }
    rows.push({ on: rps[on.name], off: rps[off.name], ratio: rps[on.name] / rps[off.name] });
    console.log(
      `  ${target.path} pair ${pair + 1}: with ${rps[on.name].toFixed(0)} req/s, without ${rps[
        off.name
      ].toFixed(0)} req/s, ratio ${(rps[on.name] / rps[off.name]).toFixed(3)}`,
    );
  }
  return {
    on: median(rows.map((row) => row.on)),
    off: median(rows.map((row) => row.off)),
    ratio: median(rows.map((row) => row.ratio)),
  };
}

function summary(label, result) {
  const overheadUs = (1 / result.on - 1 / result.off) * 1e6;
  return (
    `${label}: with metrics ${result.on.toFixed(0)} req/s, without ${result.off.toFixed(0)} req/s, ` +
    `median ratio ${result.ratio.toFixed(3)} (≈ ${overheadUs.toFixed(1)} µs per request)`
  );
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
    console.log(summary(`GET ${COUNTED.path} (counted)`, counted));
    console.log(summary(`GET ${CONTROL.path} (not counted, control)`, control));
  } finally {
    await Promise.all(instances.map((app) => app.stop()));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
