import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

interface Instruction {
  keyword: string;
  args: string;
}

/** The Dockerfile's stages as instruction lists (continuation lines joined, comments dropped). */
function dockerStages(text: string): Map<string, Instruction[]> {
  const joined = text.replace(/\s*\\\n\s*/g, ' ');
  const stages = new Map<string, Instruction[]>();
  let current: Instruction[] = [];
  for (const line of joined.split('\n')) {
    const match = /^\s*([A-Z]+)\s+(.*)$/.exec(line);
    if (!match || line.trimStart().startsWith('#')) continue;
    const [, keyword, args] = match;
    if (keyword === 'FROM') {
      current = [];
      stages.set(/\bAS\s+(\S+)/i.exec(args)?.[1] ?? args, current);
    }
    current.push({ keyword, args: args.trim() });
  }
  return stages;
}

/**
 * No Docker engine runs here, so the image's production facts are read off the Dockerfile:
 * Node 24, tini as PID 1, a non-root user, a read-only-root friendly layout, liveness healthcheck.
 */
describe('Dockerfile', () => {
  const stages = dockerStages(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
  const runtime = stages.get('runtime')!;
  const last = (keyword: string): string | undefined =>
    runtime.filter((i) => i.keyword === keyword).at(-1)?.args;

  it('builds every stage on a pinned Node 24 bookworm-slim base', () => {
    const bases = [...stages.values()].map((stage) => stage[0].args.split(/\s+/)[0]);
    expect(bases).toContain('node:24.21.0-bookworm-slim');
    for (const base of bases) expect(base).toMatch(/^(node:24\.\d+\.\d+-bookworm-slim|base|deps)$/);
    expect([...stages.keys()].at(-1)).toBe('runtime');
  });

  it('runs node under tini, installed from Debian, in exec form', () => {
    const installs = runtime.filter((i) => i.keyword === 'RUN' && /apt-get install/.test(i.args));
    expect(installs.map((i) => i.args).join(' ')).toMatch(/--no-install-recommends tini=\S+/);
    expect(JSON.parse(last('ENTRYPOINT')!)).toEqual(['/usr/bin/tini', '--']);
    expect(JSON.parse(last('CMD')!)).toEqual(['node', 'dist/src/main.js']);
  });

  it('runs as the unprivileged node user with production packages only', () => {
    expect(last('USER')).toBe('node');
    expect(runtime.findIndex((i) => i.keyword === 'USER')).toBeGreaterThan(
      runtime.findIndex((i) => i.keyword === 'COPY'),
    );
    const prodDeps = stages
      .get('prod-deps')!
      .map((i) => i.args)
      .join('\n');
    expect(prodDeps).toContain('npm ci --omit=dev');
    const copies = runtime.filter((i) => i.keyword === 'COPY').map((i) => i.args);
    expect(copies).toEqual([
      'package.json ./',
      'scripts/build.js ./scripts/',
      '--from=prod-deps /app/node_modules ./node_modules',
      '--from=build /app/dist ./dist',
    ]);
  });

  it('writes only the upload, key and scratch folders (read-only root friendly)', () => {
    const env = runtime
      .filter((i) => i.keyword === 'ENV')
      .map((i) => i.args)
      .join(' ');
    expect(env).toContain('NODE_ENV=production');
    expect(env).toContain('UPLOAD_DIR=/app/uploads');
    expect(env).toContain('JWT_DEV_KEYS_DIR=/app/.keys');
    expect(env).toMatch(/UPLOAD_TMP_DIR=\/tmp\//);
    const chowns = runtime
      .filter((i) => i.keyword === 'RUN' && i.args.includes('chown'))
      .map((i) => i.args);
    expect(chowns).toEqual([
      'mkdir -p /app/uploads /app/.keys && chown node:node /app/uploads /app/.keys',
    ]);
  });

  it('runs with the memory settings the benches and the soak measure', () => {
    const env = runtime
      .filter((i) => i.keyword === 'ENV')
      .map((i) => i.args)
      .join(' ');
    const measured = JSON.parse(
      readFileSync(join(ROOT, 'bench', 'lib', 'image-runtime.json'), 'utf8'),
    ) as Record<string, string>;
    expect(Object.keys(measured).sort()).toEqual(['MALLOC_MMAP_THRESHOLD_', 'NODE_OPTIONS']);
    for (const [name, value] of Object.entries(measured)) {
      expect(env).toContain(value.includes(' ') ? `${name}="${value}"` : `${name}=${value}`);
    }
  });

  it('carries the RDS CA bundle the ECS task points NODE_EXTRA_CA_CERTS at', () => {
    const bundle = runtime
      .find((i) => i.keyword === 'ADD')
      ?.args.split(/\s+/)
      .at(-1);
    const service = readFileSync(join(ROOT, 'terraform', 'locals.tf'), 'utf8');
    expect(bundle).toBe('/etc/ssl/certs/rds-global-bundle.pem');
    expect(service).toContain(`rds_ca_bundle = "${bundle}"`);
  });

  it('checks liveness, not readiness, and exposes port 8000', () => {
    expect(last('HEALTHCHECK')).toContain('/health/live');
    expect(last('EXPOSE')).toBe('8000');
  });

  it('keeps secrets, local tools and build output out of the build context', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n');
    for (const entry of ['.env', '.keys', 'uploads', 'node_modules', 'dist', '.tools']) {
      expect(ignored).toContain(entry);
    }
  });
});
