import { randomBytes } from 'node:crypto';
import { MetricsService } from '../src/common/metrics/metrics.service';
import packageJson from '../package.json';
import {
  parsePrometheusText,
  promtoolCheckMetrics,
  Sample,
  samplesOf,
  valueOf,
} from './support/prometheus-text';
import { ProbeController } from './support/test-controllers';
import { startTestApp, TestApp } from './support/test-app';

/** Lint findings promtool reports on prom-client's own default metrics (gauges named *_total). */
const DEFAULT_METRIC_LINT = [
  'nodejs_active_handles_total non-counter metrics should not have "_total" suffix',
  'nodejs_active_requests_total non-counter metrics should not have "_total" suffix',
  'nodejs_active_resources_total non-counter metrics should not have "_total" suffix',
];

async function scrape(testApp: TestApp): Promise<{ text: string; samples: Sample[] }> {
  const response = await testApp.app.inject({ method: 'GET', url: '/metrics' });
  expect(response.statusCode).toBe(200);
  return { text: response.body, samples: parsePrometheusText(response.body) };
}

function endpointsOf(samples: Sample[]): Set<string> {
  return new Set(samplesOf(samples, 'http_requests_total').map((s) => s.labels.endpoint));
}

describe('GET /metrics', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp({}, { controllers: [ProbeController] });
  });
  afterAll(() => testApp.close());

  it('answers Prometheus text that promtool accepts, with the HTTP series of the requests made', async () => {
    for (const url of ['/test-only/items/1', '/test-only/items/2', '/docs/json', '/nowhere']) {
      await testApp.app.inject({ method: 'GET', url });
    }
    await testApp.app.inject({ method: 'GET', url: '/test-only/fail' });

    const response = await testApp.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    const check = promtoolCheckMetrics(response.body);
    expect(check.output.split('\n').filter(Boolean).sort()).toEqual(
      check.status === 0 ? [] : DEFAULT_METRIC_LINT,
    );
    expect([0, 3]).toContain(check.status); // 3 = lint findings only, 1 would be a parse error

    const samples = parsePrometheusText(response.body);
    expect(
      valueOf(samples, 'http_requests_total', {
        method: 'GET',
        endpoint: '/test-only/items/:id',
        status: '200',
      }),
    ).toBe(2);
    expect(
      valueOf(samples, 'http_requests_total', {
        method: 'GET',
        endpoint: '/test-only/fail',
        status: '500',
      }),
    ).toBe(1);
    expect(
      valueOf(samples, 'http_requests_total', {
        method: 'GET',
        endpoint: 'unmatched',
        status: '404',
      }),
    ).toBe(1);
    expect(
      valueOf(samples, 'http_request_duration_seconds_count', {
        method: 'GET',
        endpoint: '/test-only/items/:id',
      }),
    ).toBe(2);
    const buckets = samplesOf(samples, 'http_request_duration_seconds_bucket')
      .filter((s) => s.labels.endpoint === '/test-only/items/:id')
      .map((s) => s.labels.le);
    expect(buckets[0]).toBe('0.001');
    expect(buckets).toContain('10');
    expect(buckets.at(-1)).toBe('+Inf');
  });

  it('exposes the pool, in-flight, slow-query and default process metrics', async () => {
    const { text, samples } = await scrape(testApp);
    expect(Number.isInteger(valueOf(samples, 'active_connections'))).toBe(true);
    expect(valueOf(samples, 'db_pool_waiting_clients')).toBe(0);
    expect(valueOf(samples, 'http_requests_in_flight')).toBe(1); // the scrape itself
    expect(text).toContain('# TYPE slow_queries_total counter');
    expect(valueOf(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(valueOf(samples, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });

  it('reports build_info with the package version, the commit and the Node.js version', async () => {
    const { samples } = await scrape(testApp);
    const [info, ...others] = samplesOf(samples, 'build_info');
    expect(others).toEqual([]);
    expect(info).toEqual({
      name: 'build_info',
      labels: { version: packageJson.version, commit: 'unknown', node: process.version },
      value: 1,
    });
  });

  it('observes every successful statement in db_query_duration_seconds, by query name', async () => {
    const named = { query_name: 'metrics_spec.probe' };
    const before = valueOf(
      (await scrape(testApp)).samples,
      'db_query_duration_seconds_count',
      named,
    );
    expect(before).toBeUndefined();
    await testApp.dataSource.query(`/* query:metrics_spec.probe */ SELECT pg_sleep(0.03)`);
    await testApp.dataSource.query(`/* query:metrics_spec.probe */ SELECT 1`);
    await expect(
      testApp.dataSource.query(`/* query:metrics_spec.probe */ SELECT * FROM no_such_table`),
    ).rejects.toThrow();

    const { samples } = await scrape(testApp);
    expect(valueOf(samples, 'db_query_duration_seconds_count', named)).toBe(2);
    expect(valueOf(samples, 'db_query_duration_seconds_sum', named)).toBeGreaterThanOrEqual(0.03);
    expect(
      valueOf(samples, 'db_query_duration_seconds_bucket', { ...named, le: '0.025' }),
    ).toBeLessThanOrEqual(1);
    expect(valueOf(samples, 'db_query_duration_seconds_bucket', { ...named, le: '+Inf' })).toBe(2);
  });

  it('counts PostgreSQL connections in use as active_connections', async () => {
    // Other modules' background work may hold a connection for a moment: compare, don't equate.
    const runners = [
      testApp.dataSource.createQueryRunner(),
      testApp.dataSource.createQueryRunner(),
    ];
    for (const runner of runners) await runner.connect();
    let held: number;
    try {
      held = valueOf((await scrape(testApp)).samples, 'active_connections') ?? NaN;
      expect(held).toBeGreaterThanOrEqual(2);
    } finally {
      for (const runner of runners) await runner.release();
    }
    expect(valueOf((await scrape(testApp)).samples, 'active_connections')).toBeLessThan(held);
  });

  it('does not count /metrics and /health as traffic', async () => {
    for (const url of ['/health', '/health/live', '/metrics']) {
      await testApp.app.inject({ method: 'GET', url });
    }
    const endpoints = endpointsOf((await scrape(testApp)).samples);
    for (const quiet of ['/health', '/health/live', '/metrics']) {
      expect(endpoints.has(quiet)).toBe(false);
    }
  });

  it('labels 1,000 distinct random URLs with one shared endpoint value', async () => {
    const before = await scrape(testApp);
    const unmatchedBefore =
      valueOf(before.samples, 'http_requests_total', { endpoint: 'unmatched', status: '404' }) ?? 0;
    for (let i = 0; i < 1000; i++) {
      const url = `/${randomBytes(6).toString('hex')}/${i}?q=${randomBytes(4).toString('hex')}`;
      await testApp.app.inject({ method: 'GET', url });
    }
    const after = await scrape(testApp);
    expect(endpointsOf(after.samples)).toEqual(endpointsOf(before.samples));
    expect(
      valueOf(after.samples, 'http_requests_total', { endpoint: 'unmatched', status: '404' }),
    ).toBe(unmatchedBefore + 1000);
    expect(samplesOf(after.samples, 'http_request_duration_seconds_count').length).toBe(
      samplesOf(before.samples, 'http_request_duration_seconds_count').length,
    );
  });

  it('records what feature modules report through MetricsService', async () => {
    const metrics = testApp.app.get(MetricsService);
    // The relay may publish rows an earlier suite left behind: count from here.
    const publishedBefore =
      valueOf((await scrape(testApp)).samples, 'events_published_total', {
        routing_key: 'order.created',
      }) ?? 0;
    metrics.recordCacheLookup('menu_item', 'hit');
    metrics.recordCacheLookup('menu_item', 'hit');
    metrics.recordCacheLookup('menu_item', 'miss');
    metrics.recordRateLimited('principal');
    metrics.recordRateLimiterError();
    metrics.recordEventPublished('order.created');
    metrics.sseClientConnected();
    metrics.sseClientConnected();
    metrics.sseClientDisconnected('slow_client');
    metrics.registerOutboxPendingCollector(async () => 7);

    const { samples } = await scrape(testApp);
    expect(valueOf(samples, 'cache_requests_total', { entity: 'menu_item', result: 'hit' })).toBe(
      2,
    );
    expect(valueOf(samples, 'cache_requests_total', { entity: 'menu_item', result: 'miss' })).toBe(
      1,
    );
    expect(valueOf(samples, 'rate_limited_requests_total', { scope: 'principal' })).toBe(1);
    expect(valueOf(samples, 'rate_limiter_errors_total')).toBe(1);
    expect(valueOf(samples, 'events_published_total', { routing_key: 'order.created' })).toBe(
      publishedBefore + 1,
    );
    expect(valueOf(samples, 'sse_clients_connected')).toBe(1);
    expect(valueOf(samples, 'sse_clients_disconnected_total', { reason: 'slow_client' })).toBe(1);
    expect(valueOf(samples, 'outbox_pending_events')).toBe(7);
  });

  it('keeps answering, with the last value, when a gauge reader fails', async () => {
    const metrics = testApp.app.get(MetricsService);
    metrics.registerOutboxPendingCollector(() => 3);
    expect(valueOf((await scrape(testApp)).samples, 'outbox_pending_events')).toBe(3);
    metrics.registerOutboxPendingCollector(() => {
      throw new Error('database unreachable');
    });
    expect(valueOf((await scrape(testApp)).samples, 'outbox_pending_events')).toBe(3);
  });
});

describe('GET /metrics with HTTP_METRICS_ENABLED=false', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp({ HTTP_METRICS_ENABLED: 'false' });
  });
  afterAll(() => testApp.close());

  it('records no HTTP series but still serves the other metrics', async () => {
    await testApp.app.inject({ method: 'GET', url: '/docs/json' });
    await testApp.app.inject({ method: 'GET', url: '/nowhere' });
    const runner = testApp.dataSource.createQueryRunner();
    await runner.connect();
    let samples: Sample[];
    try {
      ({ samples } = await scrape(testApp));
    } finally {
      await runner.release();
    }
    expect(samplesOf(samples, 'http_requests_total')).toEqual([]);
    expect(samplesOf(samples, 'http_request_duration_seconds_count')).toEqual([]);
    // The connection held above is counted: the pool gauge is live, not a constant.
    expect(valueOf(samples, 'active_connections')).toBeGreaterThanOrEqual(1);
  });
});
