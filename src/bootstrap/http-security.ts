import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { HelmetOptions } from 'helmet';
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
const API_HELMET: HelmetOptions = {
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
const DOCS_HELMET: HelmetOptions = {
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

type SecurityHeaders = Record<string, string>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Security headers of the route when they differ from the API's (the /docs pages). */
    securityHeaders?: SecurityHeaders;
  }
}

/**
 * The headers helmet sets for `options`, computed once: helmet builds the same values on every
 * call (the CSP string from its directives included), so the hook below sends ready ones.
 */
function securityHeadersOf(options: HelmetOptions): SecurityHeaders {
  const headers: SecurityHeaders = {};
  const response = {
    setHeader(name: string, value: string) {
      headers[name.toLowerCase()] = value;
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let failure: unknown;
  helmet(options)(
    {} as IncomingMessage,
    response as unknown as ServerResponse,
    (error?: unknown) => (failure = error),
  );
  if (failure) throw failure;
  return headers;
}

/**
 * CORS from the CORS_ORIGINS allow-list (an origin not on it gets no CORS header at all, so a
 * browser refuses its preflight) and security headers, the ready values of helmet's, set by one
 * onRequest hook on every answer (404s and early errors included). Must run before routes are
 * registered: the /docs routes get their own CSP through their route config.
 */
export function configureHttpSecurity(app: NestFastifyApplication, config: AppConfig): void {
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

  const apiHeaders = securityHeadersOf(API_HELMET);
  const docsHeaders = securityHeadersOf(DOCS_HELMET);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRoute', (route) => {
    if (route.url === DOCS_PREFIX || route.url.startsWith(`${DOCS_PREFIX}/`)) {
      route.config = Object.assign(route.config ?? {}, { securityHeaders: docsHeaders });
    }
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.headers(request.routeOptions.config.securityHeaders ?? apiHeaders);
    done();
  });
}
