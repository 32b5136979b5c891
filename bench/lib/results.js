'use strict';
/**
 * Machine-readable results: each bench records its figures in bench/results/<bench>.json;
 * `npm run bench` (bench/run-all.js) merges them into bench/results/latest.json with the
 * machine, the date and the load average.
 */
const { mkdirSync, writeFileSync } = require('node:fs');
const { cpus, loadavg } = require('node:os');
const { join } = require('node:path');

const RESULTS_DIR = join(__dirname, '..', 'results');

function machine() {
  return {
    cpus: cpus().length,
    cpu_model: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    load_average: loadavg().map((value) => Number(value.toFixed(2))),
  };
}

function recordResult(bench, figures) {
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(
    join(RESULTS_DIR, `${bench}.json`),
    `${JSON.stringify({ bench, date: new Date().toISOString(), machine: machine(), ...figures }, null, 2)}\n`,
  );
}

module.exports = { RESULTS_DIR, machine, recordResult };
