'use strict';
/**
 * The floors bench/menu-read.js compares the app with, as a child process:
 *
 * - `floor`: bare Fastify + ioredis; GET /api/menu/items answers the cached menu JSON read from
 *   Redis with one GET per request (the minimal floor of docs/decisions.md, 'Benchmark: cached
 *   menu read against two floors'; the bytes go through a string: UTF-8 decoded, then encoded
 *   again).
 * - `buffer-floor`: the same with `redis.getBuffer` (no string round trip): the true floor.
 * - `same-work`: bare Fastify doing what the app does per cached read: a request id, the bearer
 *   token checked through a verified-token cache (RS256 with a pre-built KeyObject on first
 *   sight), the rate limiter's sliding-window script (the app's own Lua, from dist/), one Redis
 *   GET of the namespace's version token, the in-process serialized body, and the HTTP metrics
 *   (counter + histogram) and the request log line at info (pino, the app's line options, to
 *   stdout). What is left between it and the app is the framework.
 *
 * Environment: MODE, PORT, REDIS_URL, DATA_KEY (floor), VERSION_KEY, BODY_FILE, JWT_PUBLIC_KEY_FILE,
 * JWT_ISSUER, JWT_AUDIENCE, RATE_LIMIT_WINDOW_MS, RATE_LIMIT_MAX (same-work). GET /cpu answers
 * the process' CPU seconds so far.
 */
const { randomUUID } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const Fastify = require('fastify');
const Redis = require('ioredis');
const { floorPrincipalReader } = require('./floor-principal');
const pino = require('pino');
const { Counter, Histogram, Registry } = require('prom-client');

const env = process.env;
const redis = new Redis(env.REDIS_URL, { enableAutoPipelining: true });
const app = Fastify({ logger: false, keepAliveTimeout: 65_000 });
const JSON_TYPE = 'application/json; charset=utf-8';

app.get('/cpu', async () => {
  const { user, system } = process.cpuUsage();
  return { seconds: (user + system) / 1e6 };
});

if (env.MODE === 'floor') {
  app.get('/api/menu/items', async (_request, reply) => {
    const body = await redis.get(env.DATA_KEY);
    return reply.type(JSON_TYPE).send(body);
  });
} else if (env.MODE === 'buffer-floor') {
  app.get('/api/menu/items', async (_request, reply) => {
    const body = await redis.getBuffer(env.DATA_KEY);
    return reply.type(JSON_TYPE).send(body);
  });
} else {
  const { jsonLineOptions } = require(
    join(__dirname, '..', '..', 'dist', 'src', 'observability', 'logger-options'),
  );
  const log = pino(jsonLineOptions('info'));
  const body = readFileSync(env.BODY_FILE);
  let bodyVersion;
  const { SLIDING_WINDOW_LUA } = require(
    join(__dirname, '..', '..', 'dist', 'src', 'common', 'rate-limit', 'sliding-window-script'),
  );
  redis.defineCommand('slidingWindowHit', { numberOfKeys: 1, lua: SLIDING_WINDOW_LUA });
  const instanceId = randomUUID();
  let sequence = 0;

  const registry = new Registry();
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'requests',
    labelNames: ['method', 'endpoint', 'status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'duration',
    labelNames: ['method', 'endpoint'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  const principalOf = floorPrincipalReader(env);

  app.addHook('onResponse', (request, reply, done) => {
    const labels = { method: request.method, endpoint: request.routeOptions.url };
    requests.inc({ ...labels, status: reply.statusCode });
    duration.observe(labels, reply.elapsed / 1000);
    log.info(
      {
        request_id: reply.getHeader('x-request-id'),
        module: 'http',
        method: request.method,
        route: labels.endpoint,
        url: request.url,
        status: reply.statusCode,
        duration_ms: Math.round(reply.elapsed * 100) / 100,
        user_id: request.principal?.sub,
      },
      `${request.method} ${labels.endpoint} ${reply.statusCode}`,
    );
    done();
  });

  app.get('/api/menu/items', async (request, reply) => {
    reply.header('x-request-id', randomUUID());
    const principal = principalOf(request.headers.authorization);
    if (!principal) return reply.code(401).send();
    request.principal = principal;
    const [, allowed] = await redis.slidingWindowHit(
      `rate-limit:default:${principal.role}:${principal.sub}`,
      Number(env.RATE_LIMIT_WINDOW_MS),
      Number(env.RATE_LIMIT_MAX),
      `${instanceId}-${sequence++}`,
    );
    if (allowed !== 1) return reply.code(429).send();
    const version = await redis.get(env.VERSION_KEY);
    bodyVersion ??= version;
    if (version !== bodyVersion) throw new Error('the menu changed during the benchmark');
    return reply.type(JSON_TYPE).send(body);
  });
}

app.listen({ port: Number(env.PORT), host: '127.0.0.1' }).catch((error) => {
  console.error(error);
  process.exit(1);
});
process.on('SIGTERM', () => {
  app.close().then(() => redis.quit().finally(() => process.exit(0)));
});
