import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { seedDemoData } from '../src/seed/seeder';
import { ORDERING_ENV } from './support/ordering';
import { resetData, startTestApp, TestApp } from './support/test-app';
import { testListenPort } from './support/test-config';

const README = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');

/** The bash block of the README's "API walkthrough" section, as a reader copies it. */
function walkthroughScript(): string {
  const section = README.slice(README.indexOf('## API walkthrough'));
  const block = /```bash\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('README.md: no bash block under "## API walkthrough"');
  return block[1];
}

const CURL_WRAPPER = `curl() { command curl -s -w '\\n' "$@"; }`;
const ENDLESS_STREAM = 'curl -N $API/api/orders/stream';

/**
 * The walkthrough against `api`, changed in three places only: the address, a curl wrapper that
 * also reports each answer's status on stderr, and a time limit on the endless stream.
 */
function runnable(script: string, api: string): string {
  for (const line of ['API=http://localhost:8000', CURL_WRAPPER, ENDLESS_STREAM]) {
    if (!script.includes(line)) throw new Error(`README walkthrough: no line "${line}"`);
  }
  return script
    .replace('API=http://localhost:8000', `API=${api}`)
    .replace(
      CURL_WRAPPER,
      `curl() { command curl -s -w '\\n%{stderr}HTTP %{http_code} %{method} %{url_effective}\\n' "$@"; }`,
    )
    .replace(ENDLESS_STREAM, 'curl -N --max-time 1 $API/api/orders/stream');
}

interface Run {
  stdout: string[];
  statuses: string[];
}

/** Runs bash without blocking the event loop (the app answers in this process). */
function bash(script: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', () =>
      resolve({
        stdout: stdout.split('\n').filter((line) => line !== ''),
        statuses: [...stderr.matchAll(/^HTTP (\d{3}) (\S+) \S+?:\d+(\S*)$/gm)].map(
          // "201 POST /api/orders"; ids in paths and queries vary from run to run.
          ([, status, method, path]) => `${status} ${method} ${path.replace(/\d+/g, 'N')}`,
        ),
      }),
    );
  });
}

/**
 * The README's walkthrough, run twice in a row against the demo data: every call succeeds both
 * times and the second run answers as the first (a fresh Idempotency-Key per run; the options
 * and the table session it leaves are cleaned up at its end).
 */
describe('README API walkthrough', () => {
  let testApp: TestApp;
  let api: string;

  beforeAll(async () => {
    testApp = await startTestApp(ORDERING_ENV);
    await testApp.app.listen(testListenPort(), '127.0.0.1');
    api = `http://127.0.0.1:${(testApp.app.getHttpServer().address() as AddressInfo).port}`;
    await resetData(testApp);
    await seedDemoData(testApp.dataSource);
  });
  afterAll(() => testApp.close());

  it('runs twice in a row, every call answered 2xx, the second run like the first', async () => {
    const script = runnable(walkthroughScript(), api);
    const first = await bash(script);
    const second = await bash(script);

    for (const run of [first, second]) {
      expect(run.statuses.length).toBeGreaterThan(15);
      expect(run.statuses.filter((line) => !/^2\d\d /.test(line))).toEqual([]);
      // Step 7 ends a session holding this run's order only, as the README shows.
      const ended = run.stdout.filter((line) => line.includes('"archived_orders"'));
      expect(ended.map((line) => JSON.parse(line) as unknown)).toEqual([
        { session_id: expect.any(Number), archived_orders: 1, total_amount: 18000 },
      ]);
      // Each JSON answer on its own line, then the stream's frames: the table is free again.
      const snapshot = run.stdout.indexOf('event: snapshot');
      expect(snapshot).toBeGreaterThan(0);
      for (const line of run.stdout.slice(0, snapshot)) {
        expect(() => JSON.parse(line) as unknown).not.toThrow();
      }
      expect(run.stdout[snapshot + 1]).toBe('data: {"orders":[]}');
    }
    expect(second.statuses).toEqual(first.statuses);
  });
});
