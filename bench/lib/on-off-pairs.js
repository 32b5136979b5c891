'use strict';
/**
 * A/B comparison of two instances of the built app that differ in one feature ("on" and "off"):
 * back-to-back pairs with alternating order, so background load hits both sides alike; medians
 * of requests/s and of the server's CPU time per request (from its own process_cpu_seconds_total).
 */
const { measure, median } = require('./load');

/** Loads `url` on `app` and returns requests/s and the server's CPU µs per request. */
async function measureWithCpu(app, url, { seconds, expectStatus, headers }) {
  const cpuBefore = await app.cpuSeconds();
  const result = await measure(url, { seconds, expectStatus, headers });
  const cpuAfter = await app.cpuSeconds();
  if (result.unexpected > 0) {
    throw new Error(`${app.name}: ${result.unexpected} answers other than ${expectStatus}`);
  }
  return { rps: result.requestsPerSecond, cpuUs: ((cpuAfter - cpuBefore) / result.total) * 1e6 };
}

/**
 * Runs `count` pairs of `run(app)` on both instances (the first of each pair alternating),
 * logging each pair under `label`, and returns the medians.
 */
async function onOffPairs([on, off], { label, count, run }) {
  const rows = [];
  for (let pair = 0; pair < count; pair++) {
    const results = {};
    for (const app of pair % 2 === 0 ? [on, off] : [off, on]) results[app.name] = await run(app);
    const row = { on: results[on.name], off: results[off.name] };
    rows.push(row);
    console.log(
      `  ${label} pair ${pair + 1}: ` +
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

/** Report lines for one `onOffPairs` result; `feature` names what the "on" side has. */
function onOffSummary(label, feature, r) {
  return [
    label,
    `  requests/s  with ${feature} ${r.rpsOn.toFixed(0)}, without ${r.rpsOff.toFixed(0)}, ` +
      `median ratio ${r.rpsRatio.toFixed(3)}`,
    `  CPU/request with ${feature} ${r.cpuOn.toFixed(1)} µs, without ${r.cpuOff.toFixed(1)} µs, ` +
      `difference ${(r.cpuOn - r.cpuOff).toFixed(1)} µs (ratio ${(r.cpuOff / r.cpuOn).toFixed(3)})`,
  ].join('\n');
}

module.exports = { measureWithCpu, onOffPairs, onOffSummary };
