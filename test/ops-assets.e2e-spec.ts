import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import {
  exposedSeriesNames,
  metricNamesIn,
  promtool,
  promtoolCheckExpressions,
} from './support/promql';
import { startTestApp, TestApp } from './support/test-app';

const ROOT = join(__dirname, '..');
const PROMETHEUS_DIR = join(ROOT, 'ops', 'prometheus');

interface DashboardTarget {
  expr: string;
  refId: string;
}
interface DashboardPanel {
  id: number;
  type: string;
  title: string;
  datasource?: { type: string; uid: string };
  targets?: DashboardTarget[];
}
interface Dashboard {
  uid: string;
  panels: DashboardPanel[];
  templating: { list: { name: string }[] };
}
interface RuleFile {
  groups: { rules: { alert?: string; expr: string; for?: string }[] }[];
}

const dashboard = JSON.parse(
  readFileSync(join(ROOT, 'ops', 'grafana', 'dashboard.json'), 'utf8'),
) as Dashboard;
const alertRules = (
  load(readFileSync(join(PROMETHEUS_DIR, 'alerts.yml'), 'utf8')) as RuleFile
).groups.flatMap((group) => group.rules);

const dashboardQueries = dashboard.panels.flatMap((panel) =>
  (panel.targets ?? []).map((target) => ({ panel: panel.title, expr: target.expr })),
);

/** Grafana's variables replaced by what they expand to, so Prometheus' parser can read a query. */
function withVariablesExpanded(expr: string): string {
  return expr
    .replace(/\$__rate_interval/g, '1m')
    .replace(/\$job/g, 'table-order-api')
    .replace(/\$instance/g, '.*');
}

/** Series Prometheus itself adds to every target; no application exposes them. */
const SCRAPE_SERIES = new Set(['up']);

/** The rows of docs/operations.md's alert table: each PromQL expression with its `for`. */
function documentedAlerts(): { row: string; expr: string; for: string }[] {
  const doc = readFileSync(join(ROOT, 'docs', 'operations.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## Alert suggestions'), doc.indexOf('## Logs'));
  return section
    .split('\n')
    .filter((line) => line.startsWith('| ') && !/^\| (alert|-)/.test(line))
    .flatMap((line) => {
      const [row, expression, duration] = line.split(' | ').map((cell) => cell.replace(/^\| /, ''));
      return [...expression.matchAll(/`([^`]+)`/g)]
        .map((match) => match[1])
        .filter((expr) => !expr.includes('UnHealthyHostCount')) // CloudWatch, not Prometheus
        .map((expr) => ({ row: row.trim(), expr, for: duration.trim() }));
    });
}

const withoutSpaces = (text: string) => text.replace(/\s+/g, '');

describe('ops/prometheus/alerts.yml', () => {
  it("has every alert of docs/operations.md's table, with the same expression and duration", () => {
    const documented = documentedAlerts();
    expect(documented.length).toBe(alertRules.length);
    for (const alert of documented) {
      const rule = alertRules.find((r) => withoutSpaces(r.expr) === withoutSpaces(alert.expr));
      expect({
        row: alert.row,
        expr: alert.expr,
        for: rule?.for ?? (rule ? '' : 'no rule'),
      }).toEqual({ row: alert.row, expr: alert.expr, for: alert.for });
    }
  });

  it('is accepted by promtool check rules', () => {
    const result = promtool(['check', 'rules', 'alerts.yml'], PROMETHEUS_DIR);
    expect(result.output).toContain(`SUCCESS: ${alertRules.length} rules found`);
    expect(result.status).toBe(0);
  });

  it('passes its unit tests: every alert fires on a broken series and stays silent on a healthy one', () => {
    const result = promtool(['test', 'rules', 'alerts.test.yml'], PROMETHEUS_DIR);
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
    const tests = readFileSync(join(PROMETHEUS_DIR, 'alerts.test.yml'), 'utf8');
    for (const rule of alertRules) {
      // Each alert is asserted at least twice: firing and silent.
      const asserted = tests.split(`alertname: ${rule.alert}\n`).length - 1;
      expect({ alert: rule.alert, asserted: asserted >= 2 }).toEqual({
        alert: rule.alert,
        asserted: true,
      });
    }
  });
});

describe('ops/grafana/dashboard.json', () => {
  it('has unique panel ids, a Prometheus data source variable on every query panel', () => {
    const ids = dashboard.panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(dashboard.templating.list.map((variable) => variable.name)).toEqual([
      'datasource',
      'job',
      'instance',
    ]);
    for (const panel of dashboard.panels.filter((p) => p.type !== 'row')) {
      expect({ panel: panel.title, datasource: panel.datasource }).toEqual({
        panel: panel.title,
        datasource: { type: 'prometheus', uid: '${datasource}' },
      });
      expect(panel.targets?.length).toBeGreaterThan(0);
    }
  });

  it("has queries Prometheus' parser accepts", () => {
    const result = promtoolCheckExpressions(
      dashboardQueries.map((query) => withVariablesExpanded(query.expr)),
    );
    expect(result.output).toContain(`SUCCESS: ${dashboardQueries.length} rules found`);
  });

  it('shows what operators watch', () => {
    const read = new Set(dashboardQueries.flatMap((query) => metricNamesIn(query.expr)));
    for (const name of [
      'http_requests_total',
      'http_request_duration_seconds_bucket',
      'active_connections',
      'db_pool_waiting_clients',
      'db_query_duration_seconds_bucket',
      'cache_requests_total',
      'rate_limited_requests_total',
      'outbox_pending_events',
      'outbox_oldest_pending_seconds',
      'events_published_total',
      'sse_clients_connected',
      'nodejs_eventloop_lag_p99_seconds',
      'process_resident_memory_bytes',
      'build_info',
    ]) {
      expect(read).toContain(name);
    }
  });
});

describe('metric names read by the dashboard and the alerts', () => {
  let testApp: TestApp;
  let exposed: Set<string>;

  beforeAll(async () => {
    testApp = await startTestApp();
    const response = await testApp.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    exposed = exposedSeriesNames(response.body);
  });
  afterAll(() => testApp.close());

  it('finds the names in an expression, not its functions, labels, ranges or keywords', () => {
    expect(
      metricNamesIn(
        'histogram_quantile(0.99, sum by (le, endpoint) (rate(a_bucket{job="x", le!="+Inf"}[5m]))) > 1 unless on (job) b_total offset 5m',
      ).sort(),
    ).toEqual(['a_bucket', 'b_total']);
    expect(exposed.has('http_request_duration_seconds_bucket')).toBe(true);
    expect(exposed.has('no_such_metric')).toBe(false);
  });

  it('are all exposed by GET /metrics', () => {
    const unknown = [
      ...dashboardQueries.map((query) => ({
        where: `dashboard: ${query.panel}`,
        expr: query.expr,
      })),
      ...alertRules.map((rule) => ({ where: `alert: ${rule.alert}`, expr: rule.expr })),
    ].flatMap(({ where, expr }) =>
      metricNamesIn(expr)
        .filter((name) => !exposed.has(name) && !SCRAPE_SERIES.has(name))
        .map((name) => `${where} reads ${name}`),
    );
    expect(unknown).toEqual([]);
  });
});
