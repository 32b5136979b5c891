import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BuiltApp, fixedTestPort, MAIN, startBuiltApp } from './support/built-app';
import { builtAppEnv, testDatabaseUrl } from './support/test-config';

/**
 * What an operator sees when the production entry point starts: JSON lines from the first
 * one, a failure in one line naming the variable and the address, and a non-zero exit code
 * before anything says "started".
 */
interface Run {
  status: number | null;
  lines: Record<string, unknown>[];
}

/** Runs the production entry point to its exit; its stderr must stay empty. */
async function run(env: NodeJS.ProcessEnv, cwd?: string): Promise<Run> {
  const { status, stdout, stderr } = await new Promise<{
    status: number | null;
    stdout: string;
    stderr: string;
  }>((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN], { env, cwd, timeout: 60_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ status: code, stdout, stderr }));
  });
  expect(stderr).toBe('');
  const lines = stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { status, lines };
}

const messages = (lines: Record<string, unknown>[]): unknown[] => lines.map((line) => line.message);

describe('start-up', () => {
  /** Its two retries wait 1 s and 2 s: started first, it waits beside the other starts. */
  let unreachableDatabase: { closedPort: number; started: Promise<Run> };

  beforeAll(async () => {
    const closedPort = await fixedTestPort();
    const url = new URL(testDatabaseUrl());
    url.port = String(closedPort);
    const started = run({
      ...builtAppEnv(),
      DATABASE_URL: url.toString(),
      DB_CONNECT_RETRIES: '2',
    });
    // Awaited by its test; until then a failure must not count as unhandled.
    started.catch(() => undefined);
    unreachableDatabase = { closedPort, started };
  });

  it('stops on a bad variable with one line naming it and exit code 78', async () => {
    const { status, lines } = await run({
      PATH: process.env.PATH,
      PORT: 'eighty',
      NODE_ENV: 'test',
    });
    expect(status).toBe(78);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'fatal',
        timestamp: expect.any(String),
        message: 'Invalid configuration: PORT must be an integer, got "eighty"',
      }),
    ]);
  });

  it('refuses a CORS origin that is not scheme://host[:port]', async () => {
    const { status, lines } = await run({ ...builtAppEnv(), CORS_ORIGINS: 'not a url' });
    expect(status).toBe(78);
    expect(messages(lines)).toEqual([
      'Invalid configuration: CORS_ORIGINS must list origins as scheme://host[:port], got "not a url"',
    ]);
  });

  it('behaves as production with NODE_ENV unset: no generated keys, one line, exit 78', async () => {
    const { status, lines } = await run({ PATH: process.env.PATH });
    expect(status).toBe(78);
    expect(messages(lines)).toEqual([
      'Invalid configuration: JWT_PRIVATE_KEY is required in production (or JWT_PRIVATE_KEY_FILE)',
    ]);
  });

  it('refuses to start in production without CORS_ORIGINS, in one line', async () => {
    const { status, lines } = await run({
      PATH: process.env.PATH,
      JWT_PRIVATE_KEY: 'private',
      JWT_PUBLIC_KEY: 'public',
    });
    expect(status).toBe(78);
    expect(messages(lines)).toEqual([
      expect.stringMatching(/^Invalid configuration: CORS_ORIGINS is required in production \(/),
    ]);
  });

  it('names DATABASE_URL and the address it cannot reach, with one retry counter, then exits 1', async () => {
    const { closedPort, started } = unreachableDatabase;
    const { status, lines } = await started;
    expect(status).toBe(1);
    const cannotReach = `cannot reach PostgreSQL at 127.0.0.1:${closedPort} (DATABASE_URL): connection refused`;
    expect(lines.map(({ level, message }) => ({ level, message }))).toEqual([
      { level: 'warn', message: `${cannotReach}; retry 1 of 2 in 1 s` },
      { level: 'warn', message: `${cannotReach}; retry 2 of 2 in 2 s` },
      { level: 'fatal', message: `${cannotReach}; gave up after 2 retries` },
    ]);
  });

  describe('with its port taken', () => {
    let squatter: Server;
    let port: number;

    beforeAll(async () => {
      port = await fixedTestPort();
      squatter = createServer();
      await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    });

    afterAll(() => new Promise((resolve) => squatter.close(resolve)));

    it('says so in one line naming PORT and exits 1 before anything started', async () => {
      const { status, lines } = await run({ ...builtAppEnv(), PORT: String(port) });
      expect(status).toBe(1);
      expect(lines.map(({ level, message }) => ({ level, message }))).toEqual([
        {
          level: 'fatal',
          message: `cannot listen on 127.0.0.1:${port} (PORT): address already in use`,
        },
      ]);
    });
  });

  describe('.env', () => {
    let dir: string;

    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'dotenv-'));
      writeFileSync(join(dir, '.env'), '# local settings\nPORT=eighty\nLOG_LEVEL=debug\n');
    });

    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('is read from the working directory when present', async () => {
      const { status, lines } = await run({ PATH: process.env.PATH, NODE_ENV: 'test' }, dir);
      expect(status).toBe(78);
      expect(messages(lines)).toEqual([
        'read .env (variables set in the environment win)',
        'Invalid configuration: PORT must be an integer, got "eighty"',
      ]);
    });

    it('loses to the environment', async () => {
      const { status, lines } = await run(
        { PATH: process.env.PATH, NODE_ENV: 'test', PORT: '99999' },
        dir,
      );
      expect(status).toBe(78);
      expect(messages(lines)).toContain(
        'Invalid configuration: PORT must be between 0 and 65535, got 99999',
      );
    });
  });

  describe('a good start', () => {
    let app: BuiltApp;

    beforeAll(async () => {
      app = await startBuiltApp(builtAppEnv());
    }, 60_000);

    afterAll(async () => {
      app.child.kill('SIGTERM');
      await app.exited;
    });

    it('logs JSON from the first line and one start line with the secret-free configuration', () => {
      const lines = app
        .output()
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines[0]).toMatchObject({ level: 'info', module: 'NestFactory' });
      const started = lines.filter((line) => String(line.message).startsWith('started: '));
      expect(started).toHaveLength(1);
      const database = new URL(testDatabaseUrl());
      expect(started[0]).toMatchObject({
        message: `started: listening on http://127.0.0.1:${app.port}`,
        docs_url: `http://127.0.0.1:${app.port}/docs`,
        config: {
          port: app.port,
          database: {
            address: `${database.hostname}:${database.port}`,
            name: database.pathname.slice(1),
          },
          redis: { address: expect.stringMatching(/:\d+$/) },
          rabbitmq: { address: expect.stringMatching(/:\d+$/) },
          cors_origins: expect.any(Array),
        },
      });
      expect(JSON.stringify(started[0])).not.toMatch(/password|guest:guest|root-admin-password/i);
      // Lines keep the time they were written at: the module loading is not flushed at once.
      const timestamps = lines.map((line) => Date.parse(String(line.timestamp)));
      expect([...timestamps].sort((a, b) => a - b)).toEqual(timestamps);
    });
  });

  it('leaves the /docs URL out of the start line when /docs is off', async () => {
    const app = await startBuiltApp(builtAppEnv({ DOCS_ENABLED: 'false' }));
    try {
      const [started] = app
        .output()
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((line) => String(line.message).startsWith('started: '));
      expect(started).not.toHaveProperty('docs_url');
      expect((await fetch(`http://127.0.0.1:${app.port}/docs`)).status).toBe(404);
    } finally {
      app.child.kill('SIGTERM');
      await app.exited;
    }
  });
});
