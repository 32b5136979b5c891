import { startTestApp, TestApp } from './support/test-app';

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
      const started = Date.now();
      const readiness = await testApp.app.inject({ method: 'GET', url: '/health' });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(readiness.statusCode).toBe(503);
      expect(readiness.json()).toEqual({
        status: 'degraded',
        checks: { database: 'ok', redis: 'down', rabbitmq: 'ok' },
      });
      const liveness = await testApp.app.inject({ method: 'GET', url: '/health/live' });
      expect(liveness.statusCode).toBe(200);
    });
  });
});

async function waitForBroker(testApp: TestApp): Promise<void> {
  const { RabbitMqService } = await import('../src/infrastructure/rabbitmq/rabbitmq.service');
  const rabbit = testApp.app.get(RabbitMqService);
  for (let i = 0; i < 100 && !rabbit.isConnected; i++) await new Promise((r) => setTimeout(r, 50));
}
