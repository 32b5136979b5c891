import { startTestApp, TestApp } from './support/test-app';

describe('error envelope and request ids', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(() => testApp.close());

  it('answers an unknown route with 404 NOT_FOUND in the envelope, echoing x-request-id', async () => {
    const response = await testApp.app.inject({ method: 'GET', url: '/api/does-not-exist' });
    expect(response.statusCode).toBe(404);
    const body = response.json();
    expect(body.error.code).toBe('NOT_FOUND');
    expect(typeof body.error.message).toBe('string');
    expect(body.error.request_id).toBe(response.headers['x-request-id']);
    expect(body.error.request_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers malformed JSON with 400 VALIDATION_FAILED', async () => {
    const response = await testApp.app.inject({
      method: 'POST',
      url: '/health',
      headers: { 'content-type': 'application/json' },
      payload: '{"broken":',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  /** A login whose body is sent exactly as given, with a JSON content type. */
  const rawJsonLogin = async (body: string) => {
    const response = await testApp.app.inject({
      method: 'POST',
      url: '/api/auth/admin/login',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      payload: body,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('VALIDATION_FAILED');
    return response.json().error;
  };

  it('treats an empty JSON body as no body: a route that needs one lists the missing fields', async () => {
    const error = await rawJsonLogin('');
    const fields = error.details.map((detail: { field: string }) => detail.field);
    expect(new Set(fields)).toEqual(new Set(['store_code', 'username', 'password']));
  });

  it('refuses a JSON body that sets __proto__', async () => {
    await rawJsonLogin(
      '{"store_code":"a","username":"b","password":"c","__proto__":{"role":"superadmin"}}',
    );
  });

  it('answers a string holding U+0000 (which PostgreSQL cannot store) 400 naming its field', async () => {
    const error = await rawJsonLogin(
      JSON.stringify({ store_code: 'demo\u0000', username: 'admin', password: 'x' }),
    );
    expect(error.details).toEqual([
      { field: 'store_code', message: 'store_code must not contain the NUL character (\\u0000)' },
    ]);
  });

  it('keeps a sane client request id and replaces an unsafe one', async () => {
    const kept = await testApp.app.inject({
      method: 'GET',
      url: '/health/live',
      headers: { 'x-request-id': 'client-abc.123' },
    });
    expect(kept.headers['x-request-id']).toBe('client-abc.123');

    const replaced = await testApp.app.inject({
      method: 'GET',
      url: '/nowhere',
      headers: { 'x-request-id': 'bad id <script>' },
    });
    expect(replaced.headers['x-request-id']).not.toBe('bad id <script>');
    expect(replaced.json().error.request_id).toBe(replaced.headers['x-request-id']);
  });
});
