import helmet, { FastifyHelmetOptions } from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig } from '../config/app-config';

/** Headers a browser client may send, and those it may read, across origins. */
const CORS_ALLOWED_HEADERS = [
  'Authorization',
  'Content-Type',
  'Idempotency-Key',
  'X-Request-Id',
  'Last-Event-ID',
];
const CORS_EXPOSED_HEADERS = [
  'X-Request-Id',
  'Retry-After',
  'X-RateLimit-Limit',
  'X-RateLimit-Remaining',
  'X-RateLimit-Reset',
  'Idempotent-Replayed',
];

/**
 * The API answers JSON and images only, so its pages may load nothing and be framed by no one.
 * Images are read by the tablet and admin front ends from other origins: resource policy
 * cross-origin (CORS still decides who may read API responses).
 */
const API_HELMET: FastifyHelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'none'"],
    },
  },
  crossOriginResourcePolicy: { policy: 'cross-origin' },
};

/** Swagger UI: its own scripts and styles, inline <style> blocks and data: icons; nothing foreign. */
const DOCS_HELMET: FastifyHelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
    },
  },
};

const DOCS_PREFIX = '/docs';

/**
 * CORS from the CORS_ORIGINS allow-list (an origin not on it gets no CORS header at all, so a
 * browser refuses its preflight) and security headers. Must run before routes are registered:
 * the /docs routes get their own CSP through the route config @fastify/helmet reads.
 */
export async function configureHttpSecurity(
  app: NestFastifyApplication,
  config: AppConfig,
): Promise<void> {
  const allowedOrigins = new Set(config.cors.origins);
  app.enableCors({
    origin: (origin, callback) =>
      callback(null, origin !== undefined && allowedOrigins.has(origin)),
    methods: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'],
    allowedHeaders: CORS_ALLOWED_HEADERS,
    exposedHeaders: CORS_EXPOSED_HEADERS,
    credentials: true,
    maxAge: 3600,
  });

  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route) => {
      if (route.url === DOCS_PREFIX || route.url.startsWith(`${DOCS_PREFIX}/`)) {
        route.config = Object.assign(route.config ?? {}, { helmet: DOCS_HELMET });
      }
    });
  await app.register(helmet, API_HELMET);
}
