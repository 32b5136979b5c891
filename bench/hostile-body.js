'use strict';
/**
 * What a hostile JSON body costs (issue 14, finding 1): a 1 MB body of ~120,000 keys sent,
 * unauthenticated, to a route that takes JSON (POST /api/admin/menu/categories: the body is
 * parsed before authentication). Before the structural limit the app answered it after ~20 s,
 * and its event loop was blocked meanwhile.
 *
 * 1. One hostile request at a time, 20 times: latency of each answer (the app must stay under
 *    50 ms), against the floor: bare Fastify that JSON-parses the same body and answers 400.
 * 2. GET /health/live with autocannon (10 connections), alone and while 20 hostile requests
 *    arrive at once every second: p50 / p99 / max latency of the health check.
 */
const { join } = require('node:path');
const { spawnServer, startApp, stopChild } = require('./lib/app-process');
const autocannon = require('autocannon');
const { median } = require('./lib/load');

const HOSTILE_PATH = '/api/admin/menu/categories';
const SECONDS = 5;
const BURST = 20;
const HEALTH_CONNECTIONS = 10;
const GENERATOR =
  `fetch, 1 in flight (hostile bodies); ` +
  `autocannon, ${HEALTH_CONNECTIONS} connections (GET /health/live)`;
const BODY = `{${Array.from({ length: 120_000 }, (_, i) => `"${i.toString(36)}":1`).join(',')}}`;

async function hostileRequest(url) {
  const started = performance.now();
  const response = await fetch(`${url}${HOSTILE_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: BODY,
  });
  const text = await response.text();
  if (response.status !== 400) throw new Error(`expected 400, got ${response.status} ${text}`);
  return { ms: performance.now() - started, bytes: text.length };
}

async function sequentialLatency(url) {
  const samples = [];
  for (let i = 0; i < BURST; i++) samples.push(await hostileRequest(url));
  const ms = samples.map((sample) => sample.ms);
  return { median: median(ms), max: Math.max(...ms), bytes: samples[0].bytes };
}

async function healthLatency(url, withHostileBursts) {
  let bursts = 0;
  const timer = withHostileBursts
    ? setInterval(() => {
        bursts++;
        for (let i = 0; i < BURST; i++) hostileRequest(url).catch(() => undefined);
      }, 1000)
    : undefined;
  try {
    const result = await autocannon({
      url: `${url}/health/live`,
      connections: HEALTH_CONNECTIONS,
      duration: SECONDS,
    });
    return {
      p50: result.latency.p50,
      p99: result.latency.p99,
      max: result.latency.max,
      rps: result.requests.average,
      requests: result.requests.total,
      bursts,
    };
  } finally {
    clearInterval(timer);
  }
}

async function startFloor() {
  const name = 'floor (bare Fastify, JSON.parse)';
  const { child, url } = await spawnServer(name, join(__dirname, 'lib', 'body-floor-server.js'));
  return { name, url, stop: () => stopChild(child) };
}

const format = (value) => value.toFixed(1).padStart(7);

async function main() {
  const servers = [];
  try {
    servers.push(await startFloor());
    servers.push(await startApp('app'));
    console.log(
      `body: ${(BODY.length / 1e6).toFixed(2)} MB, 120,000 keys, POST ${HOSTILE_PATH}; ` +
        `generator: ${GENERATOR}`,
    );
    for (const server of servers) {
      await sequentialLatency(server.url); // warm-up
      const latency = await sequentialLatency(server.url);
      console.log(
        `${server.name.padEnd(34)} hostile body: median ${format(latency.median)} ms, ` +
          `max ${format(latency.max)} ms, answer ${latency.bytes} bytes`,
      );
    }
    for (const server of servers) {
      for (const hostile of [false, true]) {
        const health = await healthLatency(server.url, hostile);
        const label = hostile ? `+ ${BURST} hostile bodies/s (${health.bursts} bursts)` : 'alone';
        console.log(
          `${server.name.padEnd(34)} GET /health/live ${label.padEnd(30)}: ` +
            `${health.rps.toFixed(0)} req/s, p50 ${health.p50} ms, p99 ${health.p99} ms, ` +
            `max ${health.max} ms, ${health.requests} requests`,
        );
      }
    }
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
