'use strict';
/**
 * `npm run bench`: runs every benchmark file in bench/ (each a plain Node script, here `*.js`
 * except this runner; helpers live in bench/lib/) one after the other, in name order, and fails
 * when one of them fails. The figures the benches record (bench/lib/results.js) are merged into
 * bench/results/latest.json.
 */
const { spawnSync } = require('node:child_process');
const { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } = require('node:fs');
const { RESULTS_DIR, machine } = require('./lib/results');
const { basename, join } = require('node:path');

const benchmarks = readdirSync(__dirname, { withFileTypes: true })
  .filter((entry) => entry.isFile() && entry.name.endsWith('.js'))
  .map((entry) => entry.name)
  .filter((name) => name !== basename(__filename))
  .sort();

const LATEST = join(RESULTS_DIR, 'latest.json');
const recorded = () =>
  existsSync(RESULTS_DIR)
    ? readdirSync(RESULTS_DIR)
        .filter((name) => name.endsWith('.json') && name !== 'latest.json')
        .map((name) => join(RESULTS_DIR, name))
    : [];
for (const file of recorded()) rmSync(file);

const started = new Date().toISOString();
let failed = 0;
for (const name of benchmarks) {
  console.log(`\n=== ${name}`);
  const started = Date.now();
  const result = spawnSync(process.execPath, [join(__dirname, name)], { stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status === 0) {
    console.log(`=== ${name} done in ${seconds} s`);
  } else {
    failed++;
    console.log(`=== ${name} FAILED (exit ${result.status ?? result.signal}) after ${seconds} s`);
  }
}
const results = Object.fromEntries(
  recorded().map((file) => {
    const result = JSON.parse(readFileSync(file, 'utf8'));
    return [result.bench, result];
  }),
);
writeFileSync(
  LATEST,
  `${JSON.stringify({ started, finished: new Date().toISOString(), machine: machine(), failed, results }, null, 2)}\n`,
);
console.log(`\nfigures written to ${LATEST}`);
console.log(`\n${benchmarks.length - failed} of ${benchmarks.length} benchmarks succeeded`);
process.exit(failed === 0 ? 0 : 1);
