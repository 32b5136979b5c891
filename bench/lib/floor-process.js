'use strict';
/**
 * Starts a floor server (a plain Node script of bench/lib/ answering GET /cpu with its CPU
 * seconds so far) as a child process, waits until it answers, and stops it with SIGTERM.
 */
const { spawn } = require('node:child_process');
const { join } = require('node:path');
const { benchPort } = require('./app-process');

async function startFloor(name, script, env) {
  const port = await benchPort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [join(__dirname, script)], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const cpuSeconds = async () => (await (await fetch(`${url}/cpu`)).json()).seconds;
  for (let attempt = 0; ; attempt++) {
    try {
      await cpuSeconds();
      break;
    } catch (error) {
      if (child.exitCode !== null || attempt > 100)
        throw new Error(`${name} did not start: ${error}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const stop = () =>
    child.exitCode !== null
      ? Promise.resolve()
      : new Promise((resolve) => {
          child.once('exit', resolve);
          child.kill('SIGTERM');
        });
  return { name, url, cpuSeconds, stop };
}

module.exports = { startFloor };
