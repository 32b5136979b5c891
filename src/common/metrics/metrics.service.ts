import { Injectable, Logger } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { withTimeout } from '../with-timeout';

/** 1 ms .. 10 s: a cached read lands in the first buckets, a slow query in the last ones. */
const HTTP_DURATION_BUCKETS = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

/** 0.5 ms .. 10 s: most statements answer in the first buckets; SLOW_QUERY_MS (2 s) sits near the top. */
const DB_QUERY_DURATION_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

/** A collector that reads a gauge's value at scrape time must answer within this. */
const COLLECT_TIMEOUT_MS = 1000;

export type CacheResult = 'hit' | 'miss';
export type GaugeReader = () => number | Promise<number>;

/** What build_info reports: the package version, the commit it was built from, the Node.js version. */
export interface BuildInfo {
  version: string;
  commit: string;
  node: string;
}

/**
 * The process' Prometheus registry and every metric of the application. Feature modules call
 * the `record…` methods (or register a reader for a gauge) instead of creating metrics of their
 * own, so names, labels and help texts stay in one place (listed in docs/operations.md).
 */
@Injectable()
export class MetricsService {
  private readonly logger = new Logger('metrics');
  readonly registry = new Registry();

  private readonly httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route template and status code',
    labelNames: ['method', 'endpoint', 'status'] as const,
    registers: [this.registry],
  });
  private readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from receiving a request to finishing its response, by method and route template',
    labelNames: ['method', 'endpoint'] as const,
    buckets: HTTP_DURATION_BUCKETS,
    registers: [this.registry],
  });
  private readonly slowQueries = new Counter({
    name: 'slow_queries_total',
    help: 'SQL queries slower than SLOW_QUERY_MS, by query name (unnamed when the SQL has no name comment)',
    labelNames: ['query_name'] as const,
    registers: [this.registry],
  });
  private readonly dbQueryDuration = new Histogram({
    name: 'db_query_duration_seconds',
    help: 'Duration of successful SQL statements, by query name (unnamed when the SQL has no name comment)',
    labelNames: ['query_name'] as const,
    buckets: DB_QUERY_DURATION_BUCKETS,
    registers: [this.registry],
  });
  private readonly buildInfo = new Gauge({
    name: 'build_info',
    help: 'Always 1; the labels say which version, commit and Node.js version this instance runs',
    labelNames: ['version', 'commit', 'node'] as const,
    registers: [this.registry],
  });
  private readonly cacheRequests = new Counter({
    name: 'cache_requests_total',
    help: 'Cache-aside lookups, by cached entity and result (hit or miss)',
    labelNames: ['entity', 'result'] as const,
    registers: [this.registry],
  });
  private readonly rateLimited = new Counter({
    name: 'rate_limited_requests_total',
    help: 'Requests refused with 429 RATE_LIMIT_EXCEEDED, by limit scope',
    labelNames: ['scope'] as const,
    registers: [this.registry],
  });
  private readonly rateLimiterErrors = new Counter({
    name: 'rate_limiter_errors_total',
    help: 'Requests let through without a rate-limit check because Redis failed (fail-open)',
    registers: [this.registry],
  });
  private readonly eventsPublished = new Counter({
    name: 'events_published_total',
    help: 'Outbox events confirmed by the broker, by routing key',
    labelNames: ['routing_key'] as const,
    registers: [this.registry],
  });
  private readonly sseClients = new Gauge({
    name: 'sse_clients_connected',
    help: 'Event streams (admin dashboards, tablets) open on this instance',
    registers: [this.registry],
  });
  private readonly sseDisconnects = new Counter({
    name: 'sse_clients_disconnected_total',
    help: 'Event streams closed on this instance, by reason (client_closed, slow_client, snapshot_timeout, server_closed, abandoned)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  private readonly readers = new Map<string, GaugeReader>();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    this.readGauge(
      'active_connections',
      'PostgreSQL pool connections checked out (in use) on this instance',
    );
    this.readGauge(
      'db_pool_waiting_clients',
      'Queries waiting for a free PostgreSQL pool connection on this instance',
    );
    this.readGauge('http_requests_in_flight', 'HTTP requests received and not yet answered');
    this.readGauge(
      'outbox_pending_events',
      'Outbox rows not yet confirmed by the broker (all instances: it is read from the database)',
    );
    this.readGauge(
      'outbox_oldest_pending_seconds',
      'Age of the oldest outbox row not yet confirmed by the broker, 0 when none waits (read from the database)',
    );
  }

  /** Prometheus text exposition of every metric. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  observeHttpRequest(method: string, endpoint: string, status: number, seconds: number): void {
    this.httpRequests.inc({ method, endpoint, status });
    this.httpDuration.observe({ method, endpoint }, seconds);
  }

  /** `queryName` is the stable name from the SQL comment (`/* query:orders.findActive *\/`). */
  recordSlowQuery(queryName: string): void {
    this.slowQueries.labels(queryName).inc();
  }

  /** Every successful statement, with the same name slow_queries_total uses. */
  observeDbQuery(queryName: string, seconds: number): void {
    this.dbQueryDuration.observe({ query_name: queryName }, seconds);
  }

  setBuildInfo(info: BuildInfo): void {
    this.buildInfo.reset();
    this.buildInfo.set({ ...info }, 1);
  }

  /** `entity` is the cache key's entity part, e.g. `menu_category`, `menu_item`, `order_history`. */
  recordCacheLookup(entity: string, result: CacheResult): void {
    this.cacheRequests.labels(entity, result).inc();
  }

  /** `scope` names the limit that refused the request, e.g. `principal`, `ip`, `login`. */
  recordRateLimited(scope: string): void {
    this.rateLimited.labels(scope).inc();
  }

  recordRateLimiterError(): void {
    this.rateLimiterErrors.inc();
  }

  recordEventPublished(routingKey: string): void {
    this.eventsPublished.labels(routingKey).inc();
  }

  sseClientConnected(): void {
    this.sseClients.inc();
  }

  /** `reason` says who ended the stream: see SseClientEndReason. */
  sseClientDisconnected(reason: string): void {
    this.sseClients.dec();
    this.sseDisconnects.labels(reason).inc();
  }

  /** The events module registers how to count unpublished outbox rows; read at every scrape. */
  registerOutboxPendingCollector(reader: GaugeReader): void {
    this.readers.set('outbox_pending_events', reader);
  }

  /** ...and how old the oldest unpublished row is, in seconds (0 when none waits). */
  registerOutboxOldestPendingCollector(reader: GaugeReader): void {
    this.readers.set('outbox_oldest_pending_seconds', reader);
  }

  registerDatabasePoolCollectors(inUse: GaugeReader, waiting: GaugeReader): void {
    this.readers.set('active_connections', inUse);
    this.readers.set('db_pool_waiting_clients', waiting);
  }

  registerInFlightCollector(reader: GaugeReader): void {
    this.readers.set('http_requests_in_flight', reader);
  }

  /**
   * A gauge whose value is read at scrape time from the registered reader. A reader that fails
   * or hangs leaves the last value in place and logs a warning: a scrape never fails for it.
   */
  private readGauge(name: string, help: string): void {
    const readers = this.readers;
    const logger = this.logger;
    new Gauge({
      name,
      help,
      registers: [this.registry],
      async collect() {
        const reader = readers.get(name);
        if (!reader) return;
        try {
          this.set(await withTimeout(Promise.resolve(reader()), COLLECT_TIMEOUT_MS, name));
        } catch (error) {
          logger.warn(`metric ${name} not updated: ${(error as Error).message}`);
        }
      },
    });
  }
}
