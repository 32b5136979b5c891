import { generateKeyPairSync } from 'node:crypto';
import { startTestApp, TestApp } from './support/test-app';
import { fixedTestPort } from './support/built-app';

/** What production needs to boot: a key pair (made for the test, never stored) and CORS_ORIGINS. */
function productionEnv(): Record<string, string> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    NODE_ENV: 'production',
    JWT_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    JWT_PUBLIC_KEY: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    CORS_ORIGINS: 'https://admin.example.com',
  };
}

describe('production defaults', () => {
  const apps: TestApp[] = [];
  const start = async (env: Record<string, string>) => {
    const testApp = await startTestApp(env);
    apps.push(testApp);
    return testApp;
  };
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((testApp) => testApp.close()));
  });

  const get = (testApp: TestApp, url: string) => testApp.app.inject({ method: 'GET', url });

  it('serves no /docs in production unless DOCS_ENABLED=true', async () => {
    const production = productionEnv();
    const closed = await start(production);
    for (const url of ['/docs', '/docs/json', '/docs/yaml']) {
      const response = await get(closed, url);
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('NOT_FOUND');
    }
    const open = await start({ ...production, DOCS_ENABLED: 'true' });
    expect((await get(open, '/docs/json')).json().info.title).toBe('Table Order API');
  });

  it('serves /metrics only on METRICS_PORT when it is set', async () => {
    const port = await fixedTestPort();
    const testApp = await start({ METRICS_PORT: String(port) });
    await get(testApp, '/health/live');
    const internal = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(internal.status).toBe(200);
    expect(internal.headers.get('content-type')).toContain('text/plain');
    expect(await internal.text()).toMatch(/^process_cpu_seconds_total /m);
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(404);

    const main = await get(testApp, '/metrics');
    expect(main.statusCode).toBe(404);
    expect(main.json().error.code).toBe('NOT_FOUND');
  });

  it('closes the metrics port with the application', async () => {
    const port = await fixedTestPort();
    const testApp = await start({ METRICS_PORT: String(port) });
    await testApp.close();
    apps.splice(apps.indexOf(testApp), 1);
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
  });
});
