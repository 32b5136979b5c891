'use strict';
/**
 * Load generation with wrk (Debian package `wrk`, installed here when missing) for the benches
 * whose floor runs above ~20k req/s, where autocannon itself becomes the limit on bodies of a
 * few KB. Requests vary through a Lua script: with `tokens`, every request carries the next
 * bearer token of the list (round robin per wrk thread), so per-principal state (the rate
 * limiter's sliding windows) is spread over many keys as in production.
 */
const { execFileSync, spawnSync } = require('node:child_process');
const { existsSync, mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const WRK = '/usr/bin/wrk';

function ensureWrk() {
  if (existsSync(WRK)) return WRK;
  console.log('wrk is missing: installing it from Debian (apt-get install -y wrk)');
  execFileSync('sudo', ['-n', 'apt-get', 'install', '-y', 'wrk'], { stdio: 'inherit' });
  return WRK;
}

const ROTATE_LUA = `
local tokens = {}
for line in io.lines(os.getenv("WRK_TOKENS_FILE")) do tokens[#tokens + 1] = line end
local counter = 0
function init(args)
  counter = math.random(#tokens)
end
function request()
  counter = counter % #tokens + 1
  return wrk.format("GET", nil, { ["Authorization"] = "Bearer " .. tokens[counter] })
end
`;

function parseLatencyMs(text) {
  const match = /^([\d.]+)(us|ms|s)$/.exec(text);
  if (!match) return NaN;
  const value = Number(match[1]);
  return match[2] === 'us' ? value / 1000 : match[2] === 's' ? value * 1000 : value;
}

/**
 * Drives `url` with wrk for `seconds` (2 threads, `connections` connections), rotating over
 * `tokens` when given (else sending `headers`); returns the same shape as load.measure:
 * requests/s, p50/p99 latency (ms), total requests and the count of non-2xx/3xx answers and
 * socket errors (`unexpected`; wrk's "timeout" count, requests slower than 2 s, is reported in
 * `socketErrors` but is no error).
 */
function measureWrk(url, { seconds = 5, connections = 50, headers = {}, tokens } = {}) {
  const wrk = ensureWrk();
  const scratch = mkdtempSync(join(tmpdir(), 'bench-wrk-'));
  try {
    const args = ['-t2', `-c${connections}`, `-d${seconds}s`, '--latency'];
    const env = { ...process.env };
    if (tokens) {
      writeFileSync(join(scratch, 'tokens.txt'), `${tokens.join('\n')}\n`);
      writeFileSync(join(scratch, 'rotate.lua'), ROTATE_LUA);
      env.WRK_TOKENS_FILE = join(scratch, 'tokens.txt');
      args.push('-s', join(scratch, 'rotate.lua'));
    }
    for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}: ${value}`);
    const result = spawnSync(wrk, [...args, url], { env, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`wrk failed: ${result.stderr || result.stdout}`);
    const out = result.stdout;
    const total = Number(/(\d+) requests in/.exec(out)?.[1]);
    const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
    const socketErrors =
      /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
    const [connect, read, write, timeout] = socketErrors
      ? socketErrors.slice(1).map(Number)
      : [0, 0, 0, 0];
    return {
      requestsPerSecond: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]),
      p50: parseLatencyMs(/^\s+50%\s+(\S+)/m.exec(out)?.[1] ?? ''),
      p99: parseLatencyMs(/^\s+99%\s+(\S+)/m.exec(out)?.[1] ?? ''),
      total,
      unexpected: non2xx + connect + read + write,
      non2xx,
      socketErrors: { connect, read, write, timeout },
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

module.exports = { measureWrk, WRK };
