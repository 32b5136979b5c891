import { expectDegradedReadiness } from './support/health';
import { startTestApp, TestApp, waitForBroker } from './support/test-app';

describe('GET /health and /health/live', () => {
  describe('with every dependency up', () => {
    let testApp: TestApp;
    beforeAll(async () => {
      testApp = await startTestApp();
      await waitForBroker(testApp);
    });
    afterAll(() => testApp.close());

    it('answers 200 ok with each check ok', async () => {
      const response = await testApp.app.inject({ method: 'GET', url: '/health' });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        status: 'ok',
        checks: { database: 'ok', redis: 'ok', rabbitmq: 'ok' },
      });
    });

    it('answers liveness 200', async () => {
      const response = await testApp.app.inject({ method: 'GET', url: '/health/live' });
      expect(response.statusCode).toBe(200);
    });
  });

  describe('with Redis unreachable', () => {
    let testApp: TestApp;
    beforeAll(async () => {
      testApp = await startTestApp({ REDIS_URL: 'redis://127.0.0.1:6399' });
      await waitForBroker(testApp);
    });
    afterAll(() => testApp.close());

    it('answers 503 degraded naming redis, while liveness stays 200', async () => {
      await expectDegradedReadiness(testApp, { database: 'ok', redis: 'down', rabbitmq: 'ok' });
    });
  });
});
