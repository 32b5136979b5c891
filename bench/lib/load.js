'use strict';
/** Load generation with autocannon, reported the same way by every benchmark. */
const autocannon = require('autocannon');

/** Connections `measure` keeps open unless told otherwise. */
const CONNECTIONS = 50;

/**
 * Drives `url` for `seconds` with `connections` keep-alive connections (sending `headers`, e.g.
 * a bearer token) and returns requests/s, latency percentiles (ms) and the count of non-2xx
 * answers (or of answers other than `expectStatus`).
 */
async function measure(
  url,
  { seconds = 5, connections = CONNECTIONS, expectStatus, headers } = {},
) {
  const result = await autocannon({ url, connections, duration: seconds, pipelining: 1, headers });
  const unexpected =
    expectStatus === undefined
      ? result.non2xx + result.errors
      : result.requests.total - (result.statusCodeStats?.[expectStatus]?.count ?? 0);
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    unexpected,
  };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

module.exports = { CONNECTIONS, measure, median };
