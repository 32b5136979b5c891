'use strict';
/**
 * The floor of bench/fixed-cost.js, as a child process: bare Fastify answering GET /api/orders
 * of a table with no active session the way the app's route ends up doing it — the bearer
 * token checked through a verified-token cache (RS256 with a pre-built KeyObject on first
 * sight), the app's own statement for the table's active session (TableSessionsRepository from
 * dist/, over a pg pool) and `[]`. No request id, rate limit, metrics, log line or security
 * headers: what the app spends beyond this is its fixed cost per request.
 *
 * Environment: PORT, DATABASE_URL, JWT_PUBLIC_KEY_FILE, JWT_ISSUER, JWT_AUDIENCE. GET /cpu
 * answers the process' CPU seconds so far.
 */
require('reflect-metadata');
const { join } = require('node:path');
const Fastify = require('fastify');
const { Pool } = require('pg');
const { DIST } = require('./bench-database');
const { floorPrincipalReader } = require('./floor-principal');

const env = process.env;
const { TableSessionsRepository } = require(join(DIST, 'tables', 'table-sessions.repository'));
const pool = new Pool({ connectionString: env.DATABASE_URL, max: 10 });
const sessions = new TableSessionsRepository({
  query: async (sql, parameters) => (await pool.query(sql, parameters)).rows,
});
const principalOf = floorPrincipalReader(env);

const app = Fastify({ logger: false, keepAliveTimeout: 65_000 });
app.get('/cpu', async () => {
  const { user, system } = process.cpuUsage();
  return { seconds: (user + system) / 1e6 };
});
app.get('/api/orders', async (request, reply) => {
  const principal = principalOf(request.headers.authorization);
  if (!principal || principal.role !== 'table') return reply.code(401).send();
  const sessionId = await sessions.findActiveId(principal.store_id, principal.table_id);
  if (sessionId !== null) throw new Error('the bench table has an active session');
  return [];
});
app.listen({ port: Number(env.PORT), host: '127.0.0.1' }).catch((error) => {
  console.error(error);
  process.exit(1);
});
process.on('SIGTERM', () => {
  app.close().then(() => pool.end().finally(() => process.exit(0)));
});
