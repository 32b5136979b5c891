import { ChildProcess, spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { connect, Socket } from 'node:net';
import { join } from 'node:path';
import { parsePrometheusText, valueOf } from './support/prometheus-text';
import { testDatabaseUrl, testListenPort } from './support/test-config';

/**
 * The built app (dist/) runs as a child process, started by test/fixtures/server-with-upload-route.js
 * exactly as main.js starts it plus one test-only POST route. Requests are held in flight
 * honestly: their headers arrive, their JSON bodies are sent only after SIGTERM.
 */
const FIXTURE = join(__dirname, 'fixtures', 'server-with-upload-route.js');
const IN_FLIGHT = 20;
const BODY_HEAD = '{"items":[1,2,';
const BODY_TAIL = '3]}';

interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(port: number, path: string): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Sends the request line, headers and half of the body; the rest waits for `finish()`. */
function startUpload(port: number): { socket: Socket; finish(): Promise<string> } {
  const socket = connect(port, '127.0.0.1');
  let received = '';
  const closed = new Promise<string>((resolve) => {
    socket.on('data', (chunk) => (received += chunk.toString('utf8')));
    socket.on('close', () => resolve(received));
  });
  socket.on('error', () => undefined);
  socket.write(
    [
      'POST /test-only/upload HTTP/1.1',
      'Host: 127.0.0.1',
      'Content-Type: application/json',
      `Content-Length: ${BODY_HEAD.length + BODY_TAIL.length}`,
      'Connection: close',
      '',
      BODY_HEAD,
    ].join('\r\n'),
  );
  return {
    socket,
    finish: () => {
      socket.write(BODY_TAIL);
      return closed;
    },
  };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('graceful shutdown on SIGTERM', () => {
  let child: ChildProcess;
  let output = '';
  let port: number;
  let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  beforeAll(async () => {
    child = spawn(process.execPath, [FIXTURE], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        PORT: String(testListenPort()),
        DATABASE_URL: testDatabaseUrl(),
        REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0',
        RABBITMQ_URL: process.env.TEST_RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
        JWT_DEV_KEYS_DIR: '.keys/test',
        SEED_DEMO: 'false',
        LOG_LEVEL: 'info',
        SHUTDOWN_TIMEOUT_SECONDS: '20',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    exited = new Promise((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    port = await waitFor('the listening line', async () => {
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      return match ? Number(match[1]) : undefined;
    });
    await waitFor('readiness 200', async () =>
      (await get(port, '/health')).status === 200 ? true : undefined,
    );
  });

  afterAll(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  async function inFlight(): Promise<number | undefined> {
    const scrape = await get(port, '/metrics');
    return valueOf(parsePrometheusText(scrape.body), 'http_requests_in_flight');
  }

  it('stops counting a request whose client went away', async () => {
    const abandoned = startUpload(port);
    await waitFor('the upload to be in flight', async () =>
      (await inFlight()) === 2 ? true : undefined,
    );
    abandoned.socket.destroy();
    await waitFor('the abandoned upload to be released', async () =>
      (await inFlight()) === 1 ? true : undefined,
    );
  });

  it('refuses new work at once, lets every in-flight request finish 2xx, and exits 0', async () => {
    const uploads = Array.from({ length: IN_FLIGHT }, () => startUpload(port));
    // The scrape that reads the gauge is in flight as well.
    await waitFor(`${IN_FLIGHT} uploads in flight`, async () =>
      (await inFlight()) === IN_FLIGHT + 1 ? true : undefined,
    );

    child.kill('SIGTERM');
    await waitFor('the drain to begin', async () =>
      output.includes('draining: readiness 503') ? true : undefined,
    );

    const refused = await get(port, '/docs/json');
    expect(refused.status).toBe(503);
    expect(refused.headers.connection).toBe('close');
    expect(JSON.parse(refused.body)).toMatchObject({
      error: { code: 'SHUTTING_DOWN', request_id: refused.headers['x-request-id'] },
    });
    const readiness = await get(port, '/health');
    expect(readiness.status).toBe(503);
    expect(JSON.parse(readiness.body)).toMatchObject({ status: 'degraded' });

    const answers = await Promise.all(uploads.map((upload) => upload.finish()));
    for (const answer of answers) {
      expect(answer).toMatch(/^HTTP\/1\.1 201 /);
      expect(answer).toContain('{"received_items":3}');
    }

    expect(await exited).toEqual({ code: 0, signal: null });
    expect(output).toContain('shutdown complete');
    expect(output).not.toContain('still running after');
  });
});
