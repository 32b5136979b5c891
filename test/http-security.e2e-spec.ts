import { startTestApp, TestApp } from './support/test-app';

const TABLET = 'https://tablet.example.com';
const ADMIN = 'https://admin.example.com';
const STRANGER = 'https://evil.example.net';

describe('CORS and security headers', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ CORS_ORIGINS: `${TABLET}, ${ADMIN}` });
  });
  afterAll(() => testApp.close());

  const preflight = (origin: string, method = 'POST', headers = 'authorization,idempotency-key') =>
    testApp.app.inject({
      method: 'OPTIONS',
      url: '/api/orders',
      headers: {
        origin,
        'access-control-request-method': method,
        'access-control-request-headers': headers,
      },
    });

  it('answers a preflight from a listed origin with the allowed methods, headers and max-age', async () => {
    for (const origin of [TABLET, ADMIN]) {
      const response = await preflight(origin);
      expect(response.statusCode).toBe(204);
      expect(response.headers).toMatchObject({
        'access-control-allow-origin': origin,
        'access-control-allow-credentials': 'true',
        'access-control-allow-methods': 'GET, POST, PATCH, PUT, DELETE',
        'access-control-max-age': '3600',
      });
      expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      const allowed = String(response.headers['access-control-allow-headers']).toLowerCase();
      for (const header of ['authorization', 'content-type', 'idempotency-key']) {
        expect(allowed.split(', ')).toContain(header);
      }
    }
  });

  it('gives a preflight from an origin not on the list no allow-origin header', async () => {
    for (const origin of [STRANGER, 'http://localhost:3000', `${TABLET}.evil.net`]) {
      const response = await preflight(origin);
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
      expect(response.headers['access-control-allow-credentials']).toBeUndefined();
    }
  });

  it('marks actual responses for listed origins only, and lets the browser read the rate-limit headers', async () => {
    const listed = await testApp.app.inject({
      method: 'GET',
      url: '/health/live',
      headers: { origin: TABLET },
    });
    expect(listed.headers['access-control-allow-origin']).toBe(TABLET);
    expect(listed.headers.vary).toMatch(/Origin/i);
    const exposed = String(listed.headers['access-control-expose-headers']).split(', ');
    expect(exposed).toEqual(expect.arrayContaining(['Retry-After', 'X-RateLimit-Remaining']));

    const stranger = await testApp.app.inject({
      method: 'GET',
      url: '/health/live',
      headers: { origin: STRANGER },
    });
    expect(stranger.statusCode).toBe(200);
    expect(stranger.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('sends security headers and a deny-all CSP on API responses', async () => {
    for (const url of ['/health/live', '/api/superadmin/stores', '/nowhere']) {
      const response = await testApp.app.inject({ method: 'GET', url });
      expect(response.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'referrer-policy': 'no-referrer',
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-resource-policy': 'cross-origin',
      });
      expect(response.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(response.headers['content-security-policy']).toMatch(/^default-src 'none';/);
      expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    }
  });

  it('keeps /docs working: the page, every script and stylesheet it references, and the document', async () => {
    const page = await testApp.app.inject({ method: 'GET', url: '/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);

    const csp = String(page.headers['content-security-policy']);
    const directive = (name: string) =>
      csp
        .split(';')
        .map((part) => part.trim())
        .find((part) => part.startsWith(`${name} `));
    expect(directive('script-src')).toBe("script-src 'self'");
    expect(directive('style-src')).toBe("style-src 'self' 'unsafe-inline'");
    expect(directive('img-src')).toBe("img-src 'self' data:");

    // The page must not rely on inline scripts, which the CSP forbids.
    expect(page.body).not.toMatch(/<script>(?!\s*<\/script>)/);
    const assets = [...page.body.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map(
      ([, path]) => new URL(path, 'http://localhost/docs').pathname,
    );
    expect(assets).toEqual(
      expect.arrayContaining(['/docs/swagger-ui-bundle.js', '/docs/swagger-ui.css']),
    );
    for (const asset of assets) {
      const response = await testApp.app.inject({ method: 'GET', url: asset });
      expect({ asset, status: response.statusCode }).toEqual({ asset, status: 200 });
    }

    const document = await testApp.app.inject({ method: 'GET', url: '/docs/json' });
    expect(document.statusCode).toBe(200);
    expect(document.json().paths['/api/auth/admin/login']).toBeDefined();
  });
});
