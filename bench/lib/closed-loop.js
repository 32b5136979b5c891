'use strict';
/**
 * Closed-loop load over node:http for the latency benches: a fixed number of GETs in flight for a
 * fixed time, every latency kept, so the percentiles are exact.
 */
const http = require('node:http');

/** GET `url` with a bearer token: resolves with the body of a 200, rejects on anything else. */
function getOk(agent, url, token) {
  return new Promise((resolve, reject) => {
    const request = http.get(
      url,
      { agent, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(body)
            : reject(new Error(`${url}: ${res.statusCode} ${body}`)),
        );
      },
    );
    request.on('error', reject);
  });
}

/**
 * `workers` requests at a time for `seconds`; the n-th request (counted over all workers) asks
 * for `urlOf(n)`. Returns the count, requests/s and latency percentiles in ms.
 */
async function closedLoop({ workers, seconds, token, urlOf }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: workers });
  const latencies = [];
  let sequence = 0;
  const deadline = Date.now() + seconds * 1000;
  const worker = async () => {
    while (Date.now() < deadline) {
      const url = urlOf(sequence++);
      const started = process.hrtime.bigint();
      await getOk(agent, url, token);
      latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return {
    n: latencies.length,
    rps: latencies.length / seconds,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
  };
}

module.exports = { closedLoop, getOk };
