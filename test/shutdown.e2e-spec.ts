import { ChildProcess, spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { connect, Socket } from 'node:net';
import { join } from 'node:path';
import { eventually } from './support/eventually';
import { parsePrometheusText, valueOf } from './support/prometheus-text';
import { builtAppEnv, TEST_SUPERADMIN } from './support/test-config';

/**
 * The built app (dist/src/main.js, the production entry point) runs as a child process.
 * Requests are held in flight honestly, as a slow client does: 20 superadmin logins whose
 * headers and first half of the JSON body arrive before SIGTERM, the rest only after it.
 */
const MAIN = join(__dirname, '..', 'dist', 'src', 'main.js');
const IN_FLIGHT = 20;
/** The superadmin every test app ensures, so no extra row appears. */
const SUPERADMIN = TEST_SUPERADMIN;
const BODY = JSON.stringify(SUPERADMIN);
const BODY_HEAD = BODY.slice(0, 20);
const BODY_TAIL = BODY.slice(20);

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
function startLogin(port: number): { socket: Socket; finish(): Promise<string> } {
  const socket = connect(port, '127.0.0.1');
  let received = '';
  const closed = new Promise<string>((resolve) => {
    socket.on('data', (chunk) => (received += chunk.toString('utf8')));
    socket.on('close', () => resolve(received));
  });
  socket.on('error', () => undefined);
  socket.write(
    [
      'POST /api/auth/superadmin/login HTTP/1.1',
      'Host: 127.0.0.1',
      'Content-Type: application/json',
      `Content-Length: ${Buffer.byteLength(BODY)}`,
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

describe('graceful shutdown on SIGTERM', () => {
  let child: ChildProcess;
  let output = '';
  let port: number;
  let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  beforeAll(async () => {
    child = spawn(process.execPath, [MAIN], {
      env: builtAppEnv({ SHUTDOWN_DRAIN_DELAY_SECONDS: '1' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    exited = new Promise((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    port = await eventually(() => {
      const listening = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (!listening) throw new Error(`no listening line yet; output so far:\n${output}`);
      return Number(listening[1]);
    });
    await eventually(async () => expect((await get(port, '/health')).status).toBe(200));
  });

  afterAll(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  async function inFlight(): Promise<number | undefined> {
    const scrape = await get(port, '/metrics');
    return valueOf(parsePrometheusText(scrape.body), 'http_requests_in_flight');
  }

  it('stops counting a request whose client went away', async () => {
    const abandoned = startLogin(port);
    await eventually(async () => expect(await inFlight()).toBe(2));
    abandoned.socket.destroy();
    await eventually(async () => expect(await inFlight()).toBe(1));
  });

  it('stops counting a complete request whose client left while the handler ran', async () => {
    const login = startLogin(port);
    login.socket.write(BODY_TAIL); // the whole request is sent; argon2 keeps the handler busy
    await new Promise((resolve) => setTimeout(resolve, 15));
    login.socket.destroy();
    await eventually(async () => expect(await inFlight()).toBe(1));
  });

  it('serves through the drain delay with Connection: close, then refuses in the envelope while it lets every in-flight request finish 2xx, and exits 0', async () => {
    const logins = Array.from({ length: IN_FLIGHT }, () => startLogin(port));
    // The scrape that reads the gauge is in flight as well.
    await eventually(async () => expect(await inFlight()).toBe(IN_FLIGHT + 1));
    // A request line whose headers end only after the drain delay.
    const late = connect(port, '127.0.0.1');
    let lateAnswer = '';
    late.on('data', (chunk) => (lateAnswer += chunk.toString('utf8')));
    const lateClosed = new Promise((resolve) => late.on('close', resolve));
    late.write('GET /docs/json HTTP/1.1\r\nHost: 127.0.0.1\r\n');

    child.kill('SIGTERM');
    await eventually(() => expect(output).toContain('draining: readiness 503'));

    const readiness = await get(port, '/health');
    expect(readiness.status).toBe(503);
    expect(readiness.headers.connection).toBe('close');
    expect(JSON.parse(readiness.body)).toMatchObject({ status: 'degraded' });
    const served = await get(port, '/docs/json');
    expect(served.status).toBe(200);
    expect(served.headers.connection).toBe('close');

    await eventually(() => expect(output).toContain('drain delay over: new requests refused'));
    const refused = await get(port, '/docs/json');
    expect(refused.status).toBe(503);
    expect(refused.headers.connection).toBe('close');
    expect(JSON.parse(refused.body)).toMatchObject({
      error: { code: 'SHUTTING_DOWN', request_id: refused.headers['x-request-id'] },
    });
    late.write('\r\n');
    await lateClosed;
    expect(lateAnswer).toMatch(/^HTTP\/1\.1 503 /);
    expect(lateAnswer.toLowerCase()).toContain('connection: close');
    const lateBody = JSON.parse(lateAnswer.slice(lateAnswer.indexOf('\r\n\r\n') + 4));
    expect(lateBody).toMatchObject({ error: { code: 'SHUTTING_DOWN' } });

    const answers = await Promise.all(logins.map((login) => login.finish()));
    for (const answer of answers) {
      expect(answer).toMatch(/^HTTP\/1\.1 200 /);
      expect(answer).toContain('"access_token":"');
      expect(answer).toContain('"role":"superadmin"');
    }

    expect(await exited).toEqual({ code: 0, signal: null });
    expect(output).toContain('shutdown complete');
    expect(output).not.toContain('still running after');
  });
});
