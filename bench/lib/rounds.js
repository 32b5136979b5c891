'use strict';
const { median } = require('./load');
const { measureWrk } = require('./wrk');

/**
 * One wrk run against `server` at `path`: req/s, p99 and the server's CPU µs per request (from
 * its own process_cpu_seconds_total). Any non-2xx answer or socket error fails the bench.
 */
async function measureServer(server, path, { seconds, connections, tokens }) {
  const before = await server.cpuSeconds();
  const result = measureWrk(`${server.url}${path}`, { seconds, connections, tokens });
  const after = await server.cpuSeconds();
  if (result.unexpected > 0)
    throw new Error(
      `${server.name}: ${result.unexpected} unexpected answers (non-2xx ${result.non2xx}, ` +
        `socket errors ${JSON.stringify(result.socketErrors)})`,
    );
  return {
    rps: result.requestsPerSecond,
    p99: result.p99,
    cpuUs: ((after - before) / result.total) * 1e6,
  };
}

/**
 * Measures every server `rounds` times, rotating which goes first so background load hits all
 * alike; prints each round's req/s and CPU µs per request. Returns one row per round:
 * `{ [server.name]: { rps, cpuUs, ... } }`.
 */
async function measureRounds(servers, rounds, measure) {
  const rows = [];
  for (let round = 0; round < rounds; round++) {
    const order = servers.map((_, i) => servers[(i + round) % servers.length]);
    const results = {};
    for (const server of order) results[server.name] = await measure(server);
    rows.push(results);
    const line = servers
      .map(
        (s) =>
          `${s.name} ${results[s.name].rps.toFixed(0)} req/s ${results[s.name].cpuUs.toFixed(1)} µs CPU/req`,
      )
      .join(', ');
    console.log(`  round ${round + 1}: ${line}`);
  }
  return rows;
}

/** Prints each server's medians (req/s, p99, CPU per request) and returns them for results. */
function reportMedians(servers, rows, nameWidth) {
  const figures = {};
  for (const { name } of servers) {
    const rps = median(rows.map((row) => row[name].rps));
    const p99 = median(rows.map((row) => row[name].p99));
    const cpuUs = median(rows.map((row) => row[name].cpuUs));
    figures[name] = {
      requests_per_second: Math.round(rps),
      p99_ms: p99,
      cpu_us_per_request: Number(cpuUs.toFixed(1)),
    };
    console.log(
      `  ${name.padEnd(nameWidth)} ${rps.toFixed(0).padStart(6)} req/s  ` +
        `p99 ${p99.toFixed(1)} ms  ${cpuUs.toFixed(1)} µs CPU/request`,
    );
  }
  return figures;
}

module.exports = { measureRounds, measureServer, reportMedians };
