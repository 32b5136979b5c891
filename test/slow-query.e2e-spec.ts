import { LogCapture } from './support/log-capture';
import { parsePrometheusText, valueOf } from './support/prometheus-text';
import { startTestApp, TestApp } from './support/test-app';

describe('slow queries (SLOW_QUERY_MS=100)', () => {
  const logs = new LogCapture();
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp({ SLOW_QUERY_MS: '100', LOG_LEVEL: 'warn' }, { logs });
  });
  afterAll(() => testApp.close());

  async function slowQueryCount(queryName: string): Promise<number | undefined> {
    const response = await testApp.app.inject({ method: 'GET', url: '/metrics' });
    return valueOf(parsePrometheusText(response.body), 'slow_queries_total', {
      query_name: queryName,
    });
  }

  it('logs a warning with the query name and duration and counts it by name', async () => {
    await testApp.dataSource.query(
      '/* query:test.sleepOnPurpose */ SELECT pg_sleep(0.2), $1::text AS secret',
      ['parameter-value-never-logged'],
    );

    const [line] = logs.find((l) => l.query_name === 'test.sleepOnPurpose');
    expect(line).toMatchObject({ level: 'warn', module: 'database' });
    expect(line.duration_ms).toBeGreaterThanOrEqual(100);
    expect(line.message).toMatch(/^slow query test\.sleepOnPurpose took \d+ ms$/);
    expect(typeof line.timestamp).toBe('string');
    expect(logs.text).not.toContain('parameter-value-never-logged');
    expect(await slowQueryCount('test.sleepOnPurpose')).toBe(1);
  });

  it('labels a slow query without a name comment "unnamed"', async () => {
    const before = (await slowQueryCount('unnamed')) ?? 0;
    await testApp.dataSource.query('SELECT pg_sleep(0.15)');
    expect(await slowQueryCount('unnamed')).toBe(before + 1);
    expect(logs.find((l) => l.query_name === 'unnamed').length).toBeGreaterThanOrEqual(1);
  });

  it('neither logs nor counts a fast query', async () => {
    await testApp.dataSource.query('/* query:test.fast */ SELECT 1');
    expect(await slowQueryCount('test.fast')).toBeUndefined();
    expect(logs.find((l) => l.query_name === 'test.fast')).toEqual([]);
  });
});
