import type { TestApp } from './test-app';

type CheckState = 'ok' | 'down';

/**
 * Readiness answers 503 `degraded` with exactly `checks` within the ALB's 5 s timeout, while
 * liveness stays 200.
 */
export async function expectDegradedReadiness(
  testApp: TestApp,
  checks: { database: CheckState; redis: CheckState; rabbitmq: CheckState },
): Promise<void> {
  const started = Date.now();
  const readiness = await testApp.app.inject({ method: 'GET', url: '/health' });
  expect(Date.now() - started).toBeLessThan(5000);
  expect(readiness.statusCode).toBe(503);
  expect(readiness.json()).toEqual({ status: 'degraded', checks });

  const liveness = await testApp.app.inject({ method: 'GET', url: '/health/live' });
  expect(liveness.statusCode).toBe(200);
}
