'use strict';
/**
 * `npm run bench`: runs every benchmark file in bench/ (each a plain Node script, here `*.js`
 * except this runner; helpers live in bench/lib/) one after the other, in name order, and fails
 * when one of them fails.
 */
const { spawnSync } = require('node:child_process');
const { readdirSync } = require('node:fs');
const { basename, join } = require('node:path');

const benchmarks = readdirSync(__dirname, { withFileTypes: true })
  .filter((entry) => entry.isFile() && entry.name.endsWith('.js'))
  .map((entry) => entry.name)
  .filter((name) => name !== basename(__filename))
  .sort();

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
console.log(`\n${benchmarks.length - failed} of ${benchmarks.length} benchmarks succeeded`);
process.exit(failed === 0 ? 0 : 1);
