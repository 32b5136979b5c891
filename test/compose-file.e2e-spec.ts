import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const CHECKER = join(ROOT, 'scripts', 'check-compose.js');
const COMPOSE = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');

/** `npm run compose:check` (run by .ci/run) against the real file and broken copies of it. */
describe('docker-compose.yml check', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'compose-check-'));
    copyFileSync(join(ROOT, '.env.example'), join(dir, '.env.example'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function check(text: string): { status: number | null; stdout: string; stderr: string } {
    const file = join(dir, 'docker-compose.yml');
    writeFileSync(file, text);
    return spawnSync(process.execPath, [CHECKER, file], { encoding: 'utf8', timeout: 20_000 });
  }

  function edited(from: string, to: string): string {
    expect(COMPOSE).toContain(from);
    return COMPOSE.replace(from, to);
  }

  it('accepts the repository file with its four services', () => {
    const result = check(COMPOSE);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('valid (services: api, postgres, redis, rabbitmq)');
  });

  it('rejects a key the compose schema does not know', () => {
    const result = check(
      edited('    read_only: true\n', '    read_only: true\n    heathcheck: {}\n'),
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('/services/api must NOT have additional properties');
    expect(result.stderr).toContain('"heathcheck"');
  });

  it('rejects a malformed duration', () => {
    const result = check(edited('interval: 10s', 'interval: ten'));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('/services/api/healthcheck/interval must match format');
  });

  it('rejects a dependency on a service that does not exist', () => {
    const result = check(
      edited('      redis:\n        condition', '      valkey:\n        condition'),
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('services.api.depends_on: unknown service "valkey"');
  });

  it('rejects service_healthy on a service without a healthcheck', () => {
    const redisHealthcheck = COMPOSE.match(
      / {4}healthcheck:\n {6}test: \[.CMD., .redis-cli.*?retries: \d+\n/s,
    );
    expect(redisHealthcheck).not.toBeNull();
    const result = check(COMPOSE.replace(redisHealthcheck![0], ''));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('service_healthy needs a healthcheck on "redis"');
  });

  it('rejects an undeclared named volume and an undocumented API variable', () => {
    const text = edited('jwt-keys:/app/.keys', 'jwt-key:/app/.keys').replace(
      '      LOG_LEVEL: info',
      '      LOGLEVEL: info',
    );
    const result = check(text);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('named volume "jwt-key" is not declared');
    expect(result.stderr).toContain('LOGLEVEL is not a variable in .env.example');
  });

  it('rejects a stop_grace_period that would kill the API before its drain and shutdown end', () => {
    const result = check(edited('stop_grace_period: 50s', 'stop_grace_period: 45s'));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'services.api.stop_grace_period: 45s must exceed the drain delay + shutdown timeout + 10s to close (45s)',
    );
    const longer = edited(
      '      LOG_LEVEL: info',
      '      LOG_LEVEL: info\n      SHUTDOWN_TIMEOUT_SECONDS: 60',
    );
    expect(check(longer).stderr).toContain(
      '50s must exceed the drain delay + shutdown timeout + 10s to close (75s)',
    );
  });

  it('rejects YAML that does not parse', () => {
    const result = check(edited('services:\n', 'services:\n  broken: [1\n'));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('yaml:');
  });
});
