'use strict';
/**
 * The floor bench/hostile-body.js compares the app with, as a child process: bare Fastify with
 * its default JSON parser (same 1 MiB body limit), POST /api/admin/menu/categories parses the
 * body and answers 400, GET /health/live answers 200. Environment: PORT.
 */
const Fastify = require('fastify');

const app = Fastify({ logger: false, keepAliveTimeout: 65_000, bodyLimit: 1024 * 1024 });
app.post('/api/admin/menu/categories', async (_request, reply) =>
  reply.status(400).send({ error: { code: 'VALIDATION_FAILED', message: 'floor' } }),
);
app.get('/health/live', async () => ({ status: 'ok' }));
app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' }).catch((error) => {
  console.error(error);
  process.exit(1);
});
