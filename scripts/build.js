#!/usr/bin/env node
/**
 * Compiles src/ and migrations/ with swc into dist/ without ever leaving a half-written dist/:
 * the output goes to a fresh sibling folder, then replaces dist/ by two renames (microseconds
 * apart), so an instance running from dist/ keeps the code it loaded and one starting meanwhile
 * finds a complete tree. dist/.build-hash records the sources it was built from.
 *
 *   node scripts/build.js             build (npm run build, CI, the image)
 *   node scripts/build.js --if-stale  build only if the sources differ from dist/'s (npm start)
 *
 * Without sources (the image holds dist/ only) --if-stale keeps dist/ as it is.
 */
'use strict';

const { createHash } = require('node:crypto');
const { spawnSync } = require('node:child_process');
const {
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} = require('node:fs');
const { join, relative } = require('node:path');

const ROOT = join(__dirname, '..');
const DIST = join(ROOT, 'dist');
const HASH_FILE = '.build-hash';
const SOURCE_DIRS = ['src', 'migrations'];
const SOURCE_FILES = ['.swcrc', 'package-lock.json'];

function filesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name));
}

/** sha256 over every source file's path and content, in a stable order. */
function sourceHash() {
  const files = [
    ...SOURCE_DIRS.flatMap((dir) => filesUnder(join(ROOT, dir))),
    ...SOURCE_FILES.map((file) => join(ROOT, file)).filter((file) => existsSync(file)),
  ].sort();
  const hash = createHash('sha256');
  for (const file of files)
    hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file));
  return hash.digest('hex');
}

function builtHash() {
  const file = join(DIST, HASH_FILE);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : null;
}

function compile(outDir) {
  const swc = join(ROOT, 'node_modules', '.bin', 'swc');
  if (!existsSync(swc)) {
    console.error(
      'build: swc is not installed (a production install?): dist/ must be built where dev dependencies are',
    );
    process.exit(1);
  }
  const args = [...SOURCE_DIRS, '-d', outDir, '--config-file', '.swcrc', '--quiet'];
  const result = spawnSync(swc, args, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function main() {
  const ifStale = process.argv.includes('--if-stale');
  const hasSources = existsSync(join(ROOT, 'src'));
  if (ifStale && existsSync(DIST) && !hasSources) {
    console.log('build: no sources here, keeping dist/');
    return;
  }
  const hash = sourceHash();
  if (ifStale && builtHash() === hash) {
    console.log('build: dist/ is up to date');
    return;
  }
  const next = join(ROOT, `dist.next-${process.pid}`);
  const previous = join(ROOT, `dist.previous-${process.pid}`);
  rmSync(next, { recursive: true, force: true });
  compile(next);
  writeFileSync(join(next, HASH_FILE), `${hash}\n`);
  const hadDist = existsSync(DIST);
  if (hadDist) renameSync(DIST, previous);
  renameSync(next, DIST);
  if (hadDist) rmSync(previous, { recursive: true, force: true });
}

main();
