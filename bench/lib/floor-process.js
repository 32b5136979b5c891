'use strict';
/**
 * Starts a floor server (a plain Node script of bench/lib/ answering GET /cpu with its CPU
 * seconds so far) as a child process on a free port (bench/lib/app-process.js), and stops it
 * with SIGTERM.
 */
const { join } = require('node:path');
const { spawnServer, stopChild } = require('./app-process');

async function startFloor(name, script, env) {
  const { child, url } = await spawnServer(name, join(__dirname, script), {
    env,
    stdout: 'ignore',
  });
  const cpuSeconds = async () => (await (await fetch(`${url}/cpu`)).json()).seconds;
  return { name, url, cpuSeconds, stop: () => stopChild(child) };
}

module.exports = { startFloor };
