import { LogCapture, LogLine } from './support/log-capture';
import { ProbeController } from './support/test-controllers';
import { startTestApp, TestApp, waitForBroker } from './support/test-app';

const SECRETS = {
  bearer: 'eyJhbGciOiJSUzI1NiJ9.secret-token-payload.signature',
  password: 'correct-horse-battery-staple',
  accessToken: 'access-token-value-9f8e7d',
  ticket: 'single-use-ticket-4b3c2a',
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

  it('writes one request line with route template, status, duration and user_id', async () => {
    const response = await testApp.app.inject({
      method: 'POST',
      url: `/test-only/as-user?ticket=${SECRETS.ticket}&token=${SECRETS.accessToken}`,
      headers: { authorization: `Bearer ${SECRETS.bearer}` },
      payload: { username: 'admin', password: SECRETS.password, access_token: SECRETS.accessToken },
    });
    expect(response.statusCode).toBe(201);
    const requestId = String(response.headers['x-request-id']);

    const requestLines = forRequest(requestId).filter((line) => line.module === 'http');
    expect(requestLines).toHaveLength(1);
    expect(requestLines[0]).toMatchObject({
      level: 'info',
      method: 'POST',
      route: '/test-only/as-user',
      url: '/test-only/as-user?ticket=[REDACTED]&token=[REDACTED]',
      status: 201,
      user_id: 'user-42',
      message: 'POST /test-only/as-user 201',
    });

    const handlerLine = forRequest(requestId).find((line) => line.module === 'probe');
    expect(handlerLine).toMatchObject({
      level: 'info',
      token: '[REDACTED]',
      credentials: { username: 'admin', password: '[REDACTED]', access_token: '[REDACTED]' },
    });
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
    for (const secret of Object.values(SECRETS)) expect(logs.text).not.toContain(secret);
  });
});
