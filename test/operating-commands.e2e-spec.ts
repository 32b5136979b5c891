import { execFile, execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { builtAppEnv, testDatabaseUrl } from './support/test-config';

const run = promisify(execFile);
const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'src', 'cli');
const HOOK = join(__dirname, 'support', 'production-packages-only.js');

/** Named after the test database, so runs against different test databases never share it. */
const SCRATCH_DB = `${new URL(testDatabaseUrl()).pathname.slice(1)}_cli_scratch`;

/** Every line a command prints is one JSON object in the service's log shape. */
const jsonLines = (stdout: string): Record<string, unknown>[] =>
  stdout
    .trim()
    .split('\n')
    .map((line) => {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      expect(parsed).toMatchObject({
        level: expect.any(String),
        timestamp: expect.any(String),
        module: expect.any(String),
        message: expect.any(String),
      });
      return parsed;
    });

/** The command's result line: the last one. */
const lastJsonLine = (stdout: string): Record<string, unknown> => jsonLines(stdout).at(-1)!;

/**
 * The documented operating commands run from the compiled output with production packages only
 * (as in the image, `npm ci --omit=dev`), and `npm start`'s build never rewrites a current dist/.
 */
describe('operating commands', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };

  it('are plain node commands on dist/, with no build step and no dev tool', () => {
    // Outside a set environment these run as development (an unset NODE_ENV is production);
    // start:prod is the image's command, where NODE_ENV is set.
    const dev = (command: string) => `NODE_ENV=\${NODE_ENV:-development} ${command}`;
    const commands = {
      start: dev('node dist/src/main.js'),
      'start:prod': 'node dist/src/main.js',
      'migration:run': dev('node dist/src/cli/migrate.js up'),
      'migration:revert': dev('node dist/src/cli/migrate.js down'),
      'migration:status': dev('node dist/src/cli/migrate.js status'),
      seed: dev('node dist/src/cli/seed.js'),
      'history:purge': dev('node dist/src/cli/purge-history.js'),
      'openapi:export': dev('node dist/src/cli/export-openapi.js openapi.json'),
    };
    for (const [name, command] of Object.entries(commands)) {
      expect({ name, command: pkg.scripts[name] }).toEqual({ name, command });
      if (name !== 'start') expect(pkg.scripts[`pre${name}`]).toBeUndefined();
    }
    expect(pkg.scripts.prestart).toBe('node scripts/build.js --if-stale');
  });

  describe('on a production install', () => {
    let dir: string;
    let admin: DataSource;
    let env: NodeJS.ProcessEnv;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'prod-only-'));
      const tree = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      writeFileSync(join(dir, 'packages'), tree);
      admin = await new DataSource({ type: 'postgres', url: testDatabaseUrl() }).initialize();
      await admin.query(`DROP DATABASE IF EXISTS ${SCRATCH_DB} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${SCRATCH_DB}`);
      const url = new URL(testDatabaseUrl());
      url.pathname = `/${SCRATCH_DB}`;
      env = {
        ...builtAppEnv(),
        DATABASE_URL: url.toString(),
        LOG_LEVEL: 'info',
        PRODUCTION_PACKAGE_DIRS: join(dir, 'packages'),
      };
    });

    afterAll(async () => {
      await admin?.query(`DROP DATABASE IF EXISTS ${SCRATCH_DB} WITH (FORCE)`);
      await admin?.destroy();
      rmSync(dir, { recursive: true, force: true });
    });

    const commandLines = async (script: string, ...args: string[]) => {
      const { stdout } = await run(process.execPath, ['-r', HOOK, join(CLI, script), ...args], {
        cwd: ROOT,
        env,
      });
      return jsonLines(stdout);
    };
    const command = async (script: string, ...args: string[]) =>
      (await commandLines(script, ...args)).at(-1)!;

    it('refuses a dev-only package (the check itself)', async () => {
      const probe = run(process.execPath, ['-r', HOOK, '-e', "require('typescript')"], {
        cwd: ROOT,
        env,
      });
      await expect(probe).rejects.toMatchObject({ code: 70 });
    });

    it('migrates up, reports status, reverts the newest migration and applies it again', async () => {
      const lines = await commandLines('migrate.js', 'up');
      const up = lines.at(-1)!;
      expect(up).toMatchObject({ level: 'info', module: 'cli', message: 'migrations applied' });
      const applied = up.applied as string[];
      expect(applied).toHaveLength(readdirSync(join(ROOT, 'migrations')).length);
      // Nest's loggers write the service's JSON lines too (a one-off task's output in CloudWatch).
      expect(lines.slice(0, -1)).toEqual(
        applied.map((name) =>
          expect.objectContaining({ module: 'database', message: `migration applied: ${name}` }),
        ),
      );
      expect(await command('migrate.js', 'status')).toMatchObject({
        message: 'migration status',
        applied: applied.length,
        pending: [],
      });
      const newest = applied.at(-1);
      expect(await command('migrate.js', 'down')).toMatchObject({
        message: 'migration reverted',
        reverted: newest,
      });
      expect(await command('migrate.js', 'status')).toMatchObject({ pending: [newest] });
      expect(await command('migrate.js', 'up')).toMatchObject({
        message: 'migrations applied',
        applied: [newest],
      });
    });

    it('reads .env from the working directory, the environment winning', async () => {
      const project = mkdtempSync(join(dir, 'dotenv-'));
      writeFileSync(
        join(project, '.env'),
        'HISTORY_RETENTION_DAYS=30\nSTORE_TIMEZONE=Europe/Paris\n',
      );
      const { stdout } = await run(process.execPath, ['-r', HOOK, join(CLI, 'purge-history.js')], {
        cwd: project,
        env: { ...env, STORE_TIMEZONE: 'Asia/Tokyo' },
      });
      expect(lastJsonLine(stdout)).toMatchObject({
        message: 'order history purged',
        retention_days: 30,
        time_zone: 'Asia/Tokyo',
      });
    });

    it('fails with one fatal line: exit 78 for a setting, 1 for an unreachable database', async () => {
      const failure = (overrides: NodeJS.ProcessEnv) =>
        run(process.execPath, ['-r', HOOK, join(CLI, 'migrate.js'), 'status'], {
          cwd: ROOT,
          env: { ...env, ...overrides },
        }).then(
          () => {
            throw new Error('the command succeeded');
          },
          (error: { code: number; stdout: string }) => ({
            code: error.code,
            lines: jsonLines(error.stdout),
          }),
        );
      expect(await failure({ DB_POOL_MAX: 'many' })).toEqual({
        code: 78,
        lines: [
          expect.objectContaining({
            level: 'fatal',
            message: expect.stringContaining('DB_POOL_MAX'),
          }),
        ],
      });
      const closed = await failure({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nothing' });
      expect(closed).toEqual({
        code: 1,
        lines: [
          expect.objectContaining({
            level: 'fatal',
            message: expect.stringContaining('ECONNREFUSED'),
            exception: expect.objectContaining({ stack: expect.stringContaining('ECONNREFUSED') }),
          }),
        ],
      });
    });

    it('seeds the demo store and purges history', async () => {
      expect(await command('seed.js')).toMatchObject({ message: 'superadmin created' });
      const scratch = new Client({ connectionString: env.DATABASE_URL });
      await scratch.connect();
      try {
        const { rows } = await scratch.query(`SELECT name FROM stores WHERE code = 'demo'`);
        expect(rows).toHaveLength(1);
      } finally {
        await scratch.end();
      }
      expect(await command('purge-history.js')).toMatchObject({
        message: 'order history purged',
        deleted: 0,
      });
    });

    it('exports the OpenAPI document', async () => {
      const target = join(dir, 'openapi.json');
      const { stdout } = await run(
        process.execPath,
        ['-r', HOOK, join(CLI, 'export-openapi.js'), target],
        { cwd: ROOT, env },
      );
      expect(stdout).toContain(`OpenAPI document written to ${target}`);
      const document = JSON.parse(readFileSync(target, 'utf8')) as { paths: object };
      expect(Object.keys(document.paths)).toContain('/api/orders');
    });

    it('rejects an unknown migrate command with its usage', async () => {
      await expect(command('migrate.js', 'sideways')).rejects.toMatchObject({
        code: 64,
        stderr: expect.stringContaining('usage: node dist/src/cli/migrate.js up | down | status'),
      });
    });
  });

  describe('npm start build (scripts/build.js --if-stale)', () => {
    let dir: string;

    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'build-'));
      for (const entry of ['src', 'migrations', 'scripts', '.swcrc', 'package-lock.json']) {
        cpSync(join(ROOT, entry), join(dir, entry), { recursive: true });
      }
      symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    const build = (...args: string[]) =>
      execFileSync(process.execPath, [join(dir, 'scripts', 'build.js'), ...args], {
        cwd: dir,
        encoding: 'utf8',
      });
    const main = () => statSync(join(dir, 'dist', 'src', 'main.js'));

    it('builds a fresh clone, then leaves a current dist/ untouched', () => {
      build('--if-stale');
      const first = main();
      expect(build('--if-stale')).toContain('build: dist/ is up to date');
      const again = main();
      expect({ ino: again.ino, mtimeMs: again.mtimeMs }).toEqual({
        ino: first.ino,
        mtimeMs: first.mtimeMs,
      });
    });

    it('replaces dist/ whole when a source changed, leaving no partial folder behind', () => {
      const before = main();
      writeFileSync(join(dir, 'src', 'build-probe.ts'), 'export const BUILD_PROBE = 1;\n');
      build('--if-stale');
      const after = main();
      expect(after.ino).not.toBe(before.ino);
      expect(existsSync(join(dir, 'dist', 'src', 'build-probe.js'))).toBe(true);
      expect(existsSync(join(dir, 'dist', 'src', 'cli', 'migrate.js'))).toBe(true);
      expect(readdirSync(dir).filter((name) => name.startsWith('dist'))).toEqual(['dist']);
    });
  });
});
