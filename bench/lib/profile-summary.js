'use strict';
/**
 * Where the time goes in a V8 CPU profile (`node --cpu-prof`, e.g. BENCH_CPU_PROF=<dir> with any
 * bench): `node bench/lib/profile-summary.js <file>.cpuprofile [top]` prints the functions with
 * time by stage of the request (STAGES), the functions with the most self time, then the packages
 * (node_modules/<name>, node: internals, the app's dist/) by self time, each as a share of busy
 * (non-idle) samples. A sample taken while the kernel runs another process inside a socket write
 * (wrk on the same cores) lands in that write: native writes weigh more than the CPU they use. Only the seconds
 * where the process was busy under load count: start-up (module loading), logins and the
 * pauses while the bench drives other servers are left out (LOADED_SHARE below).
 */
const { readFileSync } = require('node:fs');

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/lib/profile-summary.js <file>.cpuprofile [top]');
  process.exit(2);
}
const top = Number(topArg ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map();
for (const node of profile.nodes)
  for (const child of node.children ?? []) parent.set(child, node.id);

const IDLE = new Set(['(idle)', '(program)']);
/** A second counts as "under load" when at least this share of its samples is busy. */
const LOADED_SHARE = 0.5;
const LOADING = /node:internal\/modules\//;
const isIdle = (id) => IDLE.has(nodes.get(id).callFrame.functionName);
const isLoading = (id) => {
  for (let at = id; at !== undefined; at = parent.get(at)) {
    if (LOADING.test(nodes.get(at).callFrame.url)) return true;
  }
  return false;
};
const seconds = new Map();
let at = profile.startTime;
const timed = profile.samples.map((id, index) => {
  at += profile.timeDeltas[index];
  const second = Math.floor((at - profile.startTime) / 1e6);
  const bucket = seconds.get(second) ?? { busy: 0, all: 0, loading: 0 };
  bucket.all++;
  if (!isIdle(id)) bucket.busy++;
  if (isLoading(id)) bucket.loading++;
  seconds.set(second, bucket);
  return { id, second };
});
const loaded = new Set(
  [...seconds]
    .filter(([, b]) => b.busy >= b.all * LOADED_SHARE && b.loading < b.busy * 0.1)
    .map(([second]) => second),
);
const selfSamples = new Map();
let kept = 0;
for (const { id, second } of timed) {
  if (!loaded.has(second)) continue;
  kept++;
  selfSamples.set(id, (selfSamples.get(id) ?? 0) + 1);
}
const busy = [...selfSamples].filter(([id]) => !isIdle(id)).reduce((sum, [, n]) => sum + n, 0);

/** The package a frame belongs to: `node_modules/<pkg>`, `app dist/<dir>`, `node:<module>`, or V8's own. */
function packageOf({ url, functionName }) {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules !== -1) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return url;
  const dist = url.indexOf('/dist/');
  if (dist !== -1)
    return `app ${url
      .slice(dist + 1)
      .split('/')
      .slice(0, 3)
      .join('/')}`;
  return url.split('/').slice(-2).join('/');
}

/**
 * Stages of a request, by the first frame from the leaf up that matches (so a Redis call made by
 * the rate limiter counts as the limiter's). Native socket writes count as "node http".
 */
const STAGES = [
  ['log line (pino, sonic-boom)', (f) => /node_modules\/(pino|sonic-boom)\//.test(f.url)],
  ['HTTP metrics (prom-client)', (f) => /prom-client/.test(f.url)],
  ['rate limiter (with its Redis call)', (f) => /rate-limit/.test(f.url)],
  ['token check and version (auth)', (f) => /dist\/src\/auth\/|jsonwebtoken|jws|jwa/.test(f.url)],
  ['cache-aside (interceptor, version GET)', (f) => /dist\/src\/common\/cache/.test(f.url)],
  ['SQL (TypeORM, pg)', (f) => /node_modules\/(typeorm|pg|pg-pool|pg-protocol)\//.test(f.url)],
  ['Redis client (other calls)', (f) => /ioredis|redis-parser|standard-as-callback/.test(f.url)],
  ['security headers', (f) => /http-security|helmet/.test(f.url)],
  ['CORS', (f) => /@fastify\/cors/.test(f.url)],
  ['rxjs', (f) => /rxjs/.test(f.url)],
  ['Nest (router, guard and interceptor consumers)', (f) => /@nestjs\//.test(f.url)],
  [
    'Fastify (routing, hooks, reply)',
    (f) => /node_modules\/(fastify|find-my-way|@fastify)\//.test(f.url),
  ],
  [
    'node http, sockets (writes included)',
    (f) =>
      /node:_http|node:net|stream_base|node:internal\/streams/.test(f.url) ||
      /^(writev|writeUtf8String|writeString|writeBuffer|writeLatin1String)$/.test(f.functionName),
  ],
];

function stageOf(id) {
  if (nodes.get(id).callFrame.functionName === '(garbage collector)') return 'garbage collector';
  for (let at = id; at !== undefined; at = parent.get(at)) {
    const frame = nodes.get(at).callFrame;
    for (const [name, matches] of STAGES) if (matches(frame)) return name;
  }
  return 'other';
}

const byFunction = new Map();
const packageSelf = new Map();
const byStage = new Map();
for (const [id, count] of selfSamples) {
  const { callFrame } = nodes.get(id);
  if (IDLE.has(callFrame.functionName)) continue;
  const name = `${callFrame.functionName || '(anonymous)'} ${packageOf(callFrame)}:${callFrame.lineNumber + 1}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + count);
  const own = packageOf(callFrame);
  packageSelf.set(own, (packageSelf.get(own) ?? 0) + count);
  const stage = stageOf(id);
  byStage.set(stage, (byStage.get(stage) ?? 0) + count);
}

const share = (count) => `${((count / busy) * 100).toFixed(1).padStart(5)}%`;
const print = (title, map, limit) => {
  console.log(`\n${title}`);
  for (const [name, count] of [...map].sort((a, b) => b[1] - a[1]).slice(0, limit)) {
    console.log(`  ${share(count)}  ${name}`);
  }
};
const total = (profile.endTime - profile.startTime) / 1e6;
console.log(
  `${file}: ${total.toFixed(1)} s profiled, ${loaded.size} s under load kept (${kept} samples, ` +
    `${busy} busy, ${((busy / kept) * 100).toFixed(0)}%); shares of busy samples`,
);
print('by stage of the request', byStage, STAGES.length + 2);
print('self time by function', byFunction, top);
print('self time by package', packageSelf, top);
