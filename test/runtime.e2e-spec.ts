import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const majorOf = (version: string): number => Number(/^v?(\d+)\./.exec(version)?.[1]);

/**
 * The suite runs on the runtime the image ships (Node 24 LTS; docs/decisions.md, 'Node 24
 * everywhere'), whatever this machine's own node is: `npm test` starts jest on the Node that
 * scripts/install-test-tools.sh installs.
 */
describe('runtime', () => {
  it('runs the suite on Node 24', () => {
    expect(majorOf(process.version)).toBe(24);
  });

  it('installs Node 24 for the tests and builds the image on Node 24', () => {
    const installer = readFileSync(join(ROOT, 'scripts/install-test-tools.sh'), 'utf8');
    const pinned = /^NODE_VERSION=(\S+)$/m.exec(installer)?.[1];
    expect(pinned).toBeDefined();
    expect(majorOf(pinned!)).toBe(24);

    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    const bases = [...dockerfile.matchAll(/^FROM node:(\S+?)-bookworm-slim\b/gm)].map((m) => m[1]);
    expect(bases.length).toBeGreaterThan(0);
    for (const tag of bases) expect(majorOf(tag)).toBe(24);
  });

  it('declares Node 24 or later in package.json engines', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      engines: { node: string };
    };
    expect(pkg.engines.node).toBe('>=24');
  });
});
