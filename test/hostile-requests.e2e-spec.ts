import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { MAX_ERROR_DETAILS } from '../src/common/errors/app.exception';
import { JSON_BODY_LIMITS } from '../src/bootstrap/json-structure';
import { MAX_OPTION_GROUPS, MAX_OPTIONS_PER_GROUP } from '../src/menu/dto/option-group.dto';
import { adminToken, bearer, createStore } from './support/fixtures';
import { createCategory, createItem } from './support/menu-helpers';
import { resetData, startTestApp, TestApp } from './support/test-app';
import { testListenPort } from './support/test-config';

/** An object of `count` short distinct keys, as JSON text. */
function manyKeys(count: number): string {
  const parts: string[] = [];
  for (let i = 0; i < count; i++) parts.push(`"${i.toString(36)}":1`);
  return `{${parts.join(',')}}`;
}

describe('hostile request bodies and requests Fastify refuses before routing', () => {
  let testApp: TestApp;
  let token: string;
  beforeAll(async () => {
    testApp = await startTestApp();
    await resetData(testApp);
    token = await adminToken(testApp.app, await createStore(testApp.dataSource, 'hostile'));
  });
  afterAll(() => testApp.close());

  const post = (url: string, payload: string, headers: Record<string, string> = {}) =>
    testApp.app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json', ...headers },
      payload,
    });

  const expectEnvelope = (
    response: Awaited<ReturnType<typeof post>>,
    status: number,
    code: string,
  ) => {
    expect(response.statusCode).toBe(status);
    const error = response.json().error;
    expect(error.code).toBe(code);
    expect(error.request_id).toBe(response.headers['x-request-id']);
    return error;
  };

  it('answers a 1 MB body of 120,000 keys with a small 400, before any transformation', async () => {
    const body = manyKeys(120_000);
    expect(body.length).toBeGreaterThan(900_000);
    const response = await post('/api/admin/menu/categories', body, bearer(token));
    const error = expectEnvelope(response, 400, 'VALIDATION_FAILED');
    expect(error.details).toEqual([
      {
        field: 'body',
        message: `an object in the body has more than ${JSON_BODY_LIMITS.maxKeysPerObject} keys`,
      },
    ]);
    expect(response.body.length).toBeLessThan(1000);
  });

  it('answers JSON nested 400,000 deep with 400, not a 500 from a recursive walk', async () => {
    const depth = 400_000;
    const response = await post(
      '/api/admin/menu/categories',
      '['.repeat(depth) + ']'.repeat(depth),
      bearer(token),
    );
    const error = expectEnvelope(response, 400, 'VALIDATION_FAILED');
    expect(error.details[0].message).toBe(
      `the body nests deeper than ${JSON_BODY_LIMITS.maxDepth} levels`,
    );
  });

  it('refuses an array longer than the bound', async () => {
    const items = Array.from({ length: JSON_BODY_LIMITS.maxArrayLength + 1 }, () => ({
      menu_id: 1,
      quantity: 1,
    }));
    const response = await post('/api/orders', JSON.stringify({ items }), bearer(token));
    const error = expectEnvelope(response, 400, 'VALIDATION_FAILED');
    expect(error.details[0].message).toContain('an array in the body has more than');
  });

  it('accepts the largest legitimate body: a full option-group set of an item', async () => {
    const category = await createCategory(testApp.app, token, { name: 'Big' });
    const item = await createItem(testApp.app, token, {
      category_id: category.id,
      name: 'Everything',
      price: 1000,
    });
    const groups = Array.from({ length: MAX_OPTION_GROUPS }, (_, group) => ({
      name: `group ${group}`,
      min_select: 0,
      max_select: MAX_OPTIONS_PER_GROUP,
      display_order: group,
      options: Array.from({ length: MAX_OPTIONS_PER_GROUP }, (_, option) => ({
        name: `option ${option}`,
        price_delta: 100,
        is_available: true,
        display_order: option,
      })),
    }));
    const response = await testApp.app.inject({
      method: 'PUT',
      url: `/api/admin/menu/items/${item.id}/option-groups`,
      headers: bearer(token),
      payload: groups,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().option_groups).toHaveLength(MAX_OPTION_GROUPS);
  });

  it(`lists at most ${MAX_ERROR_DETAILS} problems, and says how many there were`, async () => {
    const response = await post(
      '/api/admin/menu/categories',
      manyKeys(JSON_BODY_LIMITS.maxKeysPerObject),
      bearer(token),
    );
    const error = expectEnvelope(response, 400, 'VALIDATION_FAILED');
    expect(error.details).toHaveLength(MAX_ERROR_DETAILS);
    expect(error.message).toMatch(/\(\d+ problems, the first 20 listed\)/);
  });

  it('keeps login and stream-ticket bodies small: 413 PAYLOAD_TOO_LARGE past 4 KiB', async () => {
    const padding = 'x'.repeat(5000);
    const login = await post(
      '/api/auth/admin/login',
      JSON.stringify({ store_code: 'hostile', username: 'manager', password: padding }),
    );
    expectEnvelope(login, 413, 'PAYLOAD_TOO_LARGE');
    const ticket = await post(
      '/api/admin/orders/stream-ticket',
      JSON.stringify({ padding }),
      bearer(token),
    );
    expectEnvelope(ticket, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('answers an unsupported content type 415 in the envelope', async () => {
    const response = await post('/api/auth/admin/login', '<login/>', {
      'content-type': 'application/xml',
    });
    expectEnvelope(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers a URL that does not decode 400 in the envelope (FST_ERR_BAD_URL)', async () => {
    const response = await testApp.app.inject({ method: 'GET', url: '/api/menu/items/%E0%A4%A' });
    const error = expectEnvelope(response, 400, 'VALIDATION_FAILED');
    expect(error.message).toBe('The URL is not valid');
  });

  it('answers an over-long path parameter 414 in the envelope (FST_ERR_MAX_PARAM_LENGTH)', async () => {
    const response = await testApp.app.inject({
      method: 'GET',
      url: `/api/menu/items/${'9'.repeat(500)}`,
    });
    expectEnvelope(response, 414, 'URI_TOO_LONG');
  });

  it('answers request headers over the limit 431 in the envelope, on a real socket', async () => {
    await testApp.app.listen(testListenPort(), '127.0.0.1');
    const { port } = testApp.app.getHttpServer().address() as AddressInfo;
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let received = '';
      socket.on('data', (chunk) => (received += chunk.toString('utf8')));
      socket.on('close', () => resolve(received));
      socket.on('error', reject);
      socket.write(
        `GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`,
      );
    });
    const [head, body] = raw.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 431 /);
    const requestId = /x-request-id: (\S+)/i.exec(head)?.[1];
    expect(JSON.parse(body).error).toMatchObject({
      code: 'REQUEST_HEADERS_TOO_LARGE',
      request_id: requestId,
    });
  });
});
