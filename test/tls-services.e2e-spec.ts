import { BuiltApp, spawnBuiltApp } from './support/built-app';
import { eventually } from './support/eventually';
import { makeTestCertificate, startTlsFront, TestCertificate, TlsFront } from './support/tls-front';
import { builtAppEnv, testRabbitMqUrl, testRedisUrl } from './support/test-config';

/**
 * ElastiCache (in-transit encryption) and Amazon MQ only speak TLS: REDIS_URL is rediss:// and
 * RABBITMQ_URL amqps://. Here a TLS terminator with a throw-away certificate fronts the local
 * Redis and RabbitMQ (which stay as they are), and the built app trusts that certificate the way
 * a task trusts a private CA: NODE_EXTRA_CA_CERTS, no app setting.
 */
describe('rediss:// and amqps://', () => {
  let certificate: TestCertificate;
  let redisFront: TlsFront;
  let brokerFront: TlsFront;
  let app: BuiltApp | undefined;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    certificate = makeTestCertificate();
    const redis = new URL(testRedisUrl());
    const broker = new URL(testRabbitMqUrl());
    redisFront = await startTlsFront(certificate, Number(redis.port || 6379), redis.hostname);
    brokerFront = await startTlsFront(certificate, Number(broker.port || 5672), broker.hostname);
    env = {
      REDIS_URL: `rediss://localhost:${redisFront.port}${redis.pathname}`,
      RABBITMQ_URL: `amqps://${broker.username}:${broker.password}@localhost:${brokerFront.port}${broker.pathname}`,
    };
  });
  afterEach(async () => {
    app?.kill();
    await app?.exited;
    app = undefined;
  });
  afterAll(async () => {
    await Promise.all([redisFront?.close(), brokerFront?.close()]);
    certificate?.remove();
  });

  const health = async () => {
    const response = await fetch(`http://127.0.0.1:${app!.port}/health`);
    return { status: response.status, body: (await response.json()) as { checks: object } };
  };

  it('connects to Redis and RabbitMQ over verified TLS', async () => {
    app = await spawnBuiltApp({
      ...builtAppEnv(),
      ...env,
      NODE_EXTRA_CA_CERTS: certificate.certFile,
    });
    await eventually(async () =>
      expect(await health()).toEqual({
        status: 200,
        body: expect.objectContaining({
          checks: { database: 'ok', redis: 'ok', rabbitmq: 'ok' },
        }),
      }),
    );
    expect(redisFront.handshakes()).toBeGreaterThan(0);
    expect(brokerFront.handshakes()).toBeGreaterThan(0);
  });

  it('refuses a certificate it cannot verify (Redis and RabbitMQ report down)', async () => {
    app = await spawnBuiltApp({ ...builtAppEnv(), ...env });
    await eventually(async () => {
      const { status, body } = await health();
      expect(status).toBe(503);
      expect(body.checks).toMatchObject({ redis: 'down', rabbitmq: 'down' });
    });
    expect(app.output()).toMatch(/self[- ]signed certificate/);
  });
});
