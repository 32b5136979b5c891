import { expectDegradedReadiness } from './support/health';
import { HangingServer, startHangingServer, startTcpProxy, TcpProxy } from './support/tcp';
import { startTestApp, TestApp, waitForBroker } from './support/test-app';
import { testDatabaseUrl } from './support/test-config';

/**
 * Every dependency hangs: PostgreSQL (reached through a proxy that stops forwarding after boot),
 * Redis and RabbitMQ (ports that accept connections and never answer). Each probe is bounded,
 * so /health still answers within the ALB's 5 s timeout.
 */
describe('GET /health with hanging dependencies', () => {
  let database: TcpProxy;
  let redis: HangingServer;
  let rabbitmq: HangingServer;
  let testApp: TestApp;

  beforeAll(async () => {
    const target = new URL(testDatabaseUrl());
    database = await startTcpProxy(target.hostname, Number(target.port || 5432));
    redis = await startHangingServer();
    rabbitmq = await startHangingServer();
    const databaseUrl = new URL(target);
    databaseUrl.port = String(database.port);
    testApp = await startTestApp({
      DATABASE_URL: databaseUrl.toString(),
      REDIS_URL: `redis://127.0.0.1:${redis.port}`,
      RABBITMQ_URL: `amqp://guest:guest@127.0.0.1:${rabbitmq.port}`,
    });
    database.hang();
  });

  afterAll(async () => {
    // Cut the proxy first: the stuck database connections fail, so the pool can close.
    await database.close();
    await testApp.close();
    await redis.close();
    await rabbitmq.close();
  });

  it('answers 503 degraded within 5 s, naming every dependency, while liveness stays 200', async () => {
    await expectDegradedReadiness(testApp, { database: 'down', redis: 'down', rabbitmq: 'down' });
  });
});

describe('GET /health when ops drop redis from READINESS_REQUIRED_CHECKS', () => {
  let redis: HangingServer;
  let testApp: TestApp;

  beforeAll(async () => {
    redis = await startHangingServer();
    testApp = await startTestApp({
      REDIS_URL: `redis://127.0.0.1:${redis.port}`,
      READINESS_REQUIRED_CHECKS: 'database,rabbitmq',
    });
    await waitForBroker(testApp);
  });

  afterAll(async () => {
    await testApp.close();
    await redis.close();
  });

  it('stays ready (200) while still reporting redis down', async () => {
    const readiness = await testApp.app.inject({ method: 'GET', url: '/health' });
    expect(readiness.statusCode).toBe(200);
    expect(readiness.json()).toEqual({
      status: 'ok',
      checks: { database: 'ok', redis: 'down', rabbitmq: 'ok' },
    });
  });
});
