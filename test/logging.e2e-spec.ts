import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bearer, superadminToken } from './support/fixtures';
import { LogCapture, LogLine } from './support/log-capture';
import { ProbeController } from './support/test-controllers';
import { startTestApp, TestApp, waitForBroker } from './support/test-app';
import { testListenPort } from './support/test-config';

/** POSTs `body` over a real socket in two writes, the second after the headers were parsed. */
async function postInTwoParts(port: number, path: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        port,
        host: '127.0.0.1',
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(String(response.headers['x-request-id'])));
      },
    );
    request.on('error', reject);
    const half = Math.floor(body.length / 2);
    request.write(body.slice(0, half));
    setTimeout(() => request.end(body.slice(half)), 100);
  });
}

/** Every value sent in a request below; none may appear in any captured log line. */
const SECRETS: Record<string, string> = {
  bearer: 'eyJhbGciOiJSUzI1NiJ9.secret-token-payload.signature',
  password: 'correct-horse-battery-staple',
  accessToken: 'access-token-value-9f8e7d',
  ticket: 'single-use-ticket-4b3c2a',
  superadminPassword: 'root-admin-password', // sent by the login in superadminToken()
};

describe('JSON logs', () => {
  const logs = new LogCapture();
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp({ LOG_LEVEL: 'info' }, { logs, controllers: [ProbeController] });
    await waitForBroker(testApp);
  });
  afterAll(() => testApp.close());

  const forRequest = (requestId: string): LogLine[] =>
    logs.find((line) => line.request_id === requestId);

  it('logs a failing request with request_id, level and the exception with its stack', async () => {
    const response = await testApp.app.inject({
      method: 'GET',
      url: '/test-only/fail',
      headers: { authorization: `Bearer ${SECRETS.bearer}` },
    });
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('storage exploded'); // no internals to the client
    const requestId = String(response.headers['x-request-id']);

    const lines = forRequest(requestId);
    const failure = lines.find((line) => line.exception !== undefined);
    expect(failure).toMatchObject({ level: 'error', module: 'http', route: '/test-only/fail' });
    const exception = failure?.exception as { message: string; stack: string; type: string };
    expect(exception.message).toBe('storage exploded while reading the menu');
    expect(exception.stack).toContain('ProbeController.fail');

    const requestLine = lines.find((line) => line.status === 500);
    expect(requestLine).toMatchObject({
      level: 'error',
      module: 'http',
      method: 'GET',
      route: '/test-only/fail',
      message: 'GET /test-only/fail 500',
    });
    expect(typeof requestLine?.duration_ms).toBe('number');
    expect(typeof requestLine?.timestamp).toBe('string');
  });

  it('logs a failed statement by its query name and SQLSTATE, without parameters or driver error', async () => {
    const password = 'hash-me-but-never-log-me';
    const response = await testApp.app.inject({
      method: 'POST',
      url: '/test-only/failed-insert',
      payload: { password },
    });
    expect(response.statusCode).toBe(500);
    const lines = forRequest(String(response.headers['x-request-id']));
    const failure = lines.find((line) => line.exception !== undefined);
    expect(failure?.exception).toEqual({
      type: 'QueryFailedError',
      message: expect.stringContaining('violates check constraint'),
      stack: expect.stringContaining('QueryFailedError'),
      query_name: 'probe.insertAdmin',
      sqlstate: '23514',
      constraint: 'ck_users_role_store',
    });
    const text = JSON.stringify(lines);
    expect(text).not.toContain('$argon2id$');
    expect(text).not.toContain(password);
    expect(text).not.toContain('Failing row');
    expect(text).not.toMatch(/parameters|driverError|INSERT INTO/);
  });

  it('writes one request line with route template, status, duration and user_id', async () => {
    const token = await superadminToken(testApp.app, testApp.dataSource);
    SECRETS.issuedToken = token;
    const [{ id: superadminId }] = await testApp.dataSource.query(
      `SELECT id FROM users WHERE username = 'root-admin' AND store_id IS NULL`,
    );
    const response = await testApp.app.inject({
      method: 'GET',
      url: `/api/superadmin/stores?ticket=${SECRETS.ticket}`,
      headers: bearer(token),
    });
    expect(response.statusCode).toBe(200);

    const requestLines = forRequest(String(response.headers['x-request-id']));
    expect(requestLines).toHaveLength(1);
    expect(requestLines[0]).toMatchObject({
      level: 'info',
      module: 'http',
      method: 'GET',
      route: '/api/superadmin/stores',
      url: '/api/superadmin/stores?ticket=[REDACTED]',
      status: 200,
      user_id: String(superadminId),
      message: 'GET /api/superadmin/stores 200',
    });
    expect(typeof requestLines[0].duration_ms).toBe('number');
  });

  it('redacts passwords and tokens inside any logged object', async () => {
    const response = await testApp.app.inject({
      method: 'POST',
      url: `/test-only/log-body?token=${SECRETS.accessToken}`,
      payload: { username: 'admin', password: SECRETS.password, access_token: SECRETS.accessToken },
    });
    expect(response.statusCode).toBe(201);
    const lines = forRequest(String(response.headers['x-request-id']));
    expect(lines.find((line) => line.module === 'probe')).toMatchObject({
      token: '[REDACTED]',
      credentials: { username: 'admin', password: '[REDACTED]', access_token: '[REDACTED]' },
    });
    expect(lines.find((line) => line.module === 'http')).toMatchObject({
      url: '/test-only/log-body?token=[REDACTED]',
      status: 201,
    });
  });

  it('logs from a POST handler with request_id when the body arrives after the headers', async () => {
    await testApp.app.listen(testListenPort(), '127.0.0.1');
    const { port } = testApp.app.getHttpServer().address() as AddressInfo;
    const body = JSON.stringify({ username: 'admin', password: SECRETS.password });
    const requestId = await postInTwoParts(port, '/test-only/log-body', body);
    const lines = forRequest(requestId);
    expect(lines.find((line) => line.module === 'probe')).toMatchObject({
      message: 'handling a login-like body',
      credentials: { username: 'admin', password: '[REDACTED]' },
    });
    expect(lines.find((line) => line.module === 'http')).toMatchObject({ status: 201 });
  });

  it('leaves user_id out of an anonymous request line', async () => {
    const response = await testApp.app.inject({ method: 'GET', url: '/test-only/items/7' });
    const [line] = forRequest(String(response.headers['x-request-id']));
    expect(line).toMatchObject({ route: '/test-only/items/:id', url: '/test-only/items/7' });
    expect(line).not.toHaveProperty('user_id');
  });

  it('does not log successful /health, /health/live and /metrics requests at info', async () => {
    const ids: string[] = [];
    for (const url of ['/health', '/health/live', '/metrics']) {
      const response = await testApp.app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(200);
      ids.push(String(response.headers['x-request-id']));
    }
    for (const id of ids) expect(forRequest(id)).toEqual([]);
  });

  it('never lets a token, password or ticket reach any captured line', () => {
    expect(logs.lines.length).toBeGreaterThan(3);
    expect(SECRETS.issuedToken.split('.')).toHaveLength(3); // the real token issued above
    for (const secret of Object.values(SECRETS)) expect(logs.text).not.toContain(secret);
  });
});
