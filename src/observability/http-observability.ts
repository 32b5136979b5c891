import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Level } from 'pino';
import { OPS_ROUTES } from '../common/http/ops-routes';
import { MetricsService } from '../common/metrics/metrics.service';
import { requestLineLogger } from './request-log-context';

/** The `endpoint` label of every request that matched no route: 10,000 random URLs, one series. */
export const UNMATCHED_ENDPOINT = 'unmatched';

function levelFor(status: number, quiet: boolean): Level | null {
  if (status === 503) return 'warn';
  if (status >= 500) return 'error';
  if (quiet) return null;
  return status >= 400 ? 'warn' : 'info';
}

function pathOf(url: string): string {
  const queryStart = url.indexOf('?');
  return queryStart === -1 ? url : url.slice(0, queryStart);
}

/** Query strings can carry single-use tickets: log the path and parameter names only. */
export function safeUrl(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart === -1) return url;
  const names = [...new URLSearchParams(url.slice(queryStart + 1)).keys()];
  return `${pathOf(url)}?${names.map((name) => `${name}=[REDACTED]`).join('&')}`;
}

function logRequest(request: FastifyRequest, endpoint: string, status: number, ms: number): void {
  const level = levelFor(status, OPS_ROUTES.has(endpoint));
  if (level === null) return;
  const log = requestLineLogger(level);
  if (log === undefined) return;
  log[level](
    {
      request_id: request.id,
      method: request.method,
      route: endpoint,
      url: safeUrl(request.url),
      status,
      duration_ms: Math.round(ms * 100) / 100,
      user_id: request.principal?.sub,
    },
    `${request.method} ${endpoint === UNMATCHED_ENDPOINT ? pathOf(request.url) : endpoint} ${status}`,
  );
}

/**
 * One Fastify onResponse hook for every request: the HTTP metrics (labelled by route template,
 * never by raw URL) and the request log line (route, status, duration, user_id). A Fastify hook
 * rather than a Nest interceptor: it also sees requests no controller handled (404, 503 from the
 * shutdown gate, body-parser errors) and costs far less per request (see docs/decisions.md, 'HTTP
 * metrics and the request log line come from one Fastify `onResponse` hook'). `metrics` is null
 * when HTTP_METRICS_ENABLED=false: the log line stays.
 */
export function installHttpObservability(
  fastify: FastifyInstance,
  metrics: MetricsService | null,
): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const endpoint = request.routeOptions.url ?? UNMATCHED_ENDPOINT;
    const status = reply.statusCode;
    const ms = reply.elapsedTime;
    if (metrics !== null && !OPS_ROUTES.has(endpoint)) {
      metrics.observeHttpRequest(request.method, endpoint, status, ms / 1000);
    }
    logRequest(request, endpoint, status, ms);
    done();
  });
}
