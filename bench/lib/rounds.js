'use strict';

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

module.exports = { measureRounds };
