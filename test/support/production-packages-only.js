/**
 * Preloaded (`node -r`) into a compiled command to prove it runs on a production install
 * (`npm ci --omit=dev`): every package it loads must be in the production dependency tree, whose
 * folders PRODUCTION_PACKAGE_DIRS lists (one per line, from `npm ls --omit=dev --all --parseable`).
 * Loading any other package (a dev dependency) prints its name and exits 70.
 */
'use strict';

const Module = require('node:module');
const { readFileSync } = require('node:fs');

const allowed = new Set(
  readFileSync(process.env.PRODUCTION_PACKAGE_DIRS, 'utf8').split('\n').filter(Boolean),
);
const PACKAGE_DIR = /^(.*\/node_modules\/(?:@[^/]+\/)?[^/]+)\//;

const resolve = Module._resolveFilename;
Module._resolveFilename = function resolveProductionOnly(...args) {
  const file = resolve.apply(this, args);
  const dir = PACKAGE_DIR.exec(file)?.[1];
  if (dir && !allowed.has(dir)) {
    process.stderr.write(`dev-only package loaded: ${dir}\n`);
    process.exit(70);
  }
  return file;
};
