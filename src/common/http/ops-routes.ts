/**
 * The ops routes: the load balancer's probes and the Prometheus scrape. The controllers serve
 * them at these paths; the shutdown gate, the rate limiter and the HTTP metrics hook single
 * them out by the same names.
 */
export const HEALTH_ROUTE = '/health';
export const LIVENESS_ROUTE = '/health/live';
export const METRICS_ROUTE = '/metrics';

/** Probes keep their own answers while the instance drains: /health says 503, /health/live 200. */
export const PROBE_ROUTES: ReadonlySet<string> = new Set([HEALTH_ROUTE, LIVENESS_ROUTE]);

/**
 * Probes and scrapes (the ALB checks /health every 30 s): never rate-limited, not counted in the
 * HTTP metrics, and logged only when they fail.
 */
export const OPS_ROUTES: ReadonlySet<string> = new Set([...PROBE_ROUTES, METRICS_ROUTE]);
