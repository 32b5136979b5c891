import type { LightMyRequestResponse } from 'fastify';
import { LEASE_MAX_SLOTS } from '../src/common/rate-limit/budget-leases.service';
import { RedisService } from '../src/infrastructure/redis/redis.service';
import { eventually } from './support/eventually';
import {
  adminToken,
  bearer,
  createStore,
  createSuperadmin,
  StoreFixture,
  superadminToken,
} from './support/fixtures';
import { payloadOf } from './support/jwt-forge';
import { LogCapture } from './support/log-capture';
import { parsePrometheusText, valueOf } from './support/prometheus-text';
import { resetData, startTestApp, TestApp } from './support/test-app';

const MAX = 20;
const LOGIN_MAX = 3;
const LIMITS = {
  RATE_LIMIT_MAX: String(MAX),
  RATE_LIMIT_WINDOW_SECONDS: '60',
  LOGIN_RATE_LIMIT_MAX: String(LOGIN_MAX),
  LOGIN_RATE_LIMIT_WINDOW_SECONDS: '60',
};
/** Authenticated, cheap, and answers 200 to the superadmin. */
const URL = '/api/superadmin/stores';

function expectLimited(response: LightMyRequestResponse, limit: number): number {
  expect(response.statusCode).toBe(429);
  expect(response.json().error.code).toBe('RATE_LIMIT_EXCEEDED');
  expect(response.json().error.request_id).toBe(response.headers['x-request-id']);
  expect(response.headers['x-ratelimit-limit']).toBe(String(limit));
  expect(response.headers['x-ratelimit-remaining']).toBe('0');
  const retryAfter = Number(response.headers['retry-after']);
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  return retryAfter;
}

async function metric(
  on: TestApp,
  name: string,
  labels: Record<string, string> = {},
): Promise<number | undefined> {
  const response = await on.app.inject({ method: 'GET', url: '/metrics' });
  return valueOf(parsePrometheusText(response.body), name, labels);
}

describe('rate limiting', () => {
  let testApp: TestApp;
  let store: StoreFixture;
  let rootToken: string;

  beforeAll(async () => {
    testApp = await startTestApp(LIMITS);
  });
  beforeEach(async () => {
    await resetData(testApp);
    store = await createStore(testApp.dataSource, 'alpha');
    rootToken = await superadminToken(testApp.app, testApp.dataSource);
    // The logins above count against the login limit of this IP; start each test with a clean slate.
    await redis(testApp).flushdb();
  });
  afterAll(() => testApp.close());

  const redis = (on: TestApp) => on.app.get(RedisService).client;
  const get = (on: TestApp, headers: Record<string, string> = {}, url = URL) =>
    on.app.inject({ method: 'GET', url, headers });
  const windowKey = (token: string) => `rate-limit:default:superadmin:${payloadOf(token).sub}`;

  it(`lets ${MAX} requests of a principal through in the window and refuses request ${MAX + 1} with 429`, async () => {
    for (let n = 1; n <= MAX; n++) {
      const response = await get(testApp, bearer(rootToken));
      expect(response.statusCode).toBe(200);
      expect(response.headers['x-ratelimit-limit']).toBe(String(MAX));
      expect(response.headers['x-ratelimit-remaining']).toBe(String(MAX - n));
      expect(Number(response.headers['x-ratelimit-reset'])).toBeGreaterThanOrEqual(1);
    }
    const before =
      (await metric(testApp, 'rate_limited_requests_total', { scope: 'principal' })) ?? 0;
    expectLimited(await get(testApp, bearer(rootToken)), MAX);
    expect(await metric(testApp, 'rate_limited_requests_total', { scope: 'principal' })).toBe(
      before + 1,
    );

    const key = windowKey(rootToken);
    expect(await redis(testApp).zcard(key)).toBe(MAX);
    const ttl = await redis(testApp).pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('keeps separate budgets per principal and for anonymous callers per IP', async () => {
    const admin = await adminToken(testApp.app, store);
    for (let n = 1; n <= MAX; n++) await get(testApp, bearer(rootToken));
    expectLimited(await get(testApp, bearer(rootToken)), MAX);

    // Same IP, other principal: its own budget (403 is the route's answer, not the limiter's).
    expect((await get(testApp, bearer(admin))).statusCode).toBe(403);
    // Same IP, no token: the IP's budget, untouched so far.
    const anonymous = await get(testApp);
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['x-ratelimit-remaining']).toBe(String(MAX - 1));
    expect(await redis(testApp).zcard('rate-limit:default:ip:127.0.0.1')).toBe(1);
  });

  it('limits anonymous and bad-token requests per IP before the auth guard answers', async () => {
    for (let n = 1; n <= MAX; n++) {
      const headers = n % 2 ? {} : bearer('a.b.c');
      expect((await get(testApp, headers)).statusCode).toBe(401);
    }
    const before = (await metric(testApp, 'rate_limited_requests_total', { scope: 'ip' })) ?? 0;
    expectLimited(await get(testApp), MAX);
    expect(await metric(testApp, 'rate_limited_requests_total', { scope: 'ip' })).toBe(before + 1);
    // A valid token is its own principal, so it still passes from the same IP.
    expect((await get(testApp, bearer(rootToken))).statusCode).toBe(200);
  });

  it('slides: entries older than the window free their slots, Retry-After says when the oldest leaves', async () => {
    const key = windowKey(rootToken);
    const [seconds] = await redis(testApp).time();
    const nowMs = Number(seconds) * 1000;
    const old = Array.from({ length: MAX }, (_, i) => [nowMs - 61_000, `expired-${i}`]).flat();
    await redis(testApp).zadd(key, ...old);
    expect((await get(testApp, bearer(rootToken))).statusCode).toBe(200);
    expect(await redis(testApp).zcard(key)).toBe(1);

    await redis(testApp).del(key);
    const recent = Array.from({ length: MAX }, (_, i) => [
      nowMs - 30_000 + i,
      `recent-${i}`,
    ]).flat();
    await redis(testApp).zadd(key, ...recent);
    const retryAfter = expectLimited(await get(testApp, bearer(rootToken)), MAX);
    expect(retryAfter).toBeGreaterThanOrEqual(29);
    expect(retryAfter).toBeLessThanOrEqual(31);
  });

  it('puts the three login routes under a stricter per-IP limit shared between them', async () => {
    const logins = [
      {
        url: '/api/auth/admin/login',
        payload: { store_code: 'alpha', username: 'manager', password: store.adminPassword },
      },
      {
        url: '/api/auth/table/login',
        payload: { store_code: 'alpha', table_number: 1, password: store.tables[0].password },
      },
      {
        url: '/api/auth/superadmin/login',
        payload: await createSuperadmin(testApp.dataSource),
      },
    ];
    for (const login of logins) {
      const response = await testApp.app.inject({ method: 'POST', ...login });
      expect(response.statusCode).toBe(200);
      expect(response.headers['x-ratelimit-limit']).toBe(String(LOGIN_MAX));
    }
    const before = (await metric(testApp, 'rate_limited_requests_total', { scope: 'login' })) ?? 0;
    const refused = await testApp.app.inject({ method: 'POST', ...logins[0] });
    expectLimited(refused, LOGIN_MAX);
    expect(await metric(testApp, 'rate_limited_requests_total', { scope: 'login' })).toBe(
      before + 1,
    );
    // The login limit does not touch the general budget.
    const general = await get(testApp, bearer(rootToken));
    expect(general.statusCode).toBe(200);
    expect(general.headers['x-ratelimit-remaining']).toBe(String(MAX - 1));
  });

  it('never limits /health, /health/live (load balancer probes), /metrics and /docs', async () => {
    for (let n = 1; n <= MAX + 5; n++) {
      const live = await get(testApp, {}, '/health/live');
      expect(live.statusCode).toBe(200);
      expect(live.headers['x-ratelimit-limit']).toBeUndefined();
      expect((await get(testApp, {}, '/docs/json')).statusCode).toBe(200);
      const scrape = await get(testApp, {}, '/metrics');
      expect(scrape.statusCode).toBe(200);
      expect(scrape.headers['x-ratelimit-limit']).toBeUndefined();
    }
    const ready = await get(testApp, {}, '/health');
    expect(ready.headers['x-ratelimit-limit']).toBeUndefined();
    expect(await redis(testApp).dbsize()).toBe(0);
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY is set', async () => {
    for (let n = 1; n <= MAX; n++) {
      await get(testApp, { 'x-forwarded-for': `10.0.0.${n}` });
    }
    expectLimited(await get(testApp, { 'x-forwarded-for': '10.0.0.250' }), MAX);
  });

  describe('behind a trusted proxy', () => {
    let proxied: TestApp;
    beforeAll(async () => {
      proxied = await startTestApp({ ...LIMITS, TRUST_PROXY: 'true' });
    });
    afterAll(() => proxied.close());

    it('keys anonymous callers by the X-Forwarded-For client address', async () => {
      const from = (ip: string) => get(proxied, { 'x-forwarded-for': ip });
      for (let n = 1; n <= MAX; n++) expect((await from('203.0.113.7')).statusCode).toBe(401);
      expectLimited(await from('203.0.113.7'), MAX);
      expect((await from('203.0.113.8')).statusCode).toBe(401);
    });
  });

  describe.each([
    ['a hop count', '1'],
    ['the proxy addresses', '127.0.0.1/32, ::1'],
  ])('behind a proxy trusted by %s', (_label, trustProxy) => {
    let proxied: TestApp;
    beforeAll(async () => {
      proxied = await startTestApp({ ...LIMITS, TRUST_PROXY: trustProxy });
    });
    afterAll(() => proxied.close());

    it('keys logins by the address the proxy saw: forged first hops do not evade the limit', async () => {
      const login = (forged: string) =>
        proxied.app.inject({
          method: 'POST',
          url: '/api/auth/superadmin/login',
          // What the ALB forwards: the client's own X-Forwarded-For, then the address it saw.
          headers: { 'x-forwarded-for': `${forged}, 198.51.100.20` },
          payload: { username: 'nobody', password: 'wrong-password' },
        });
      for (let n = 1; n <= LOGIN_MAX; n++) {
        expect((await login(`10.9.0.${n}`)).statusCode).toBe(401);
      }
      expectLimited(await login('10.9.0.99'), LOGIN_MAX);
    });
  });

  describe('atomicity', () => {
    let concurrent: TestApp;
    beforeAll(async () => {
      // A small pool: the 50 admitted queries queue instead of taking 50 server connections.
      concurrent = await startTestApp({ ...LIMITS, RATE_LIMIT_MAX: '50', DB_POOL_MAX: '8' });
    });
    afterAll(() => concurrent.close());

    it('lets exactly 50 of 100 concurrent requests through with a limit of 50', async () => {
      const responses = await Promise.all(
        Array.from({ length: 100 }, () => get(concurrent, bearer(rootToken))),
      );
      const statuses = responses.map((response) => response.statusCode);
      expect(statuses.filter((status) => status === 200)).toHaveLength(50);
      expect(statuses.filter((status) => status === 429)).toHaveLength(50);
      // Every admitted request is its own member, even those landing in the same millisecond.
      expect(await redis(concurrent).zcard(windowKey(rootToken))).toBe(50);
    });
  });

  describe('two instances', () => {
    let second: TestApp;
    beforeAll(async () => {
      second = await startTestApp(LIMITS);
    });
    afterAll(() => second.close());

    it('share one budget per principal', async () => {
      for (let n = 1; n <= MAX; n++) {
        const response = await get(n % 2 ? testApp : second, bearer(rootToken));
        expect(response.statusCode).toBe(200);
      }
      expectLimited(await get(second, bearer(rootToken)), MAX);
      expectLimited(await get(testApp, bearer(rootToken)), MAX);
    });

    it('gives slots an instance leased and did not spend back after the hold time, for the other to use', async () => {
      const key = windowKey(rootToken);
      const { admitted, held } = await growLease(testApp, rootToken);
      expect(held).toBeGreaterThan(0);
      // Everything else of the budget taken elsewhere: only the slots the first instance holds remain.
      const [seconds] = await redis(testApp).time();
      const others = MAX - admitted - held;
      const taken = Array.from({ length: others }, (_, i) => [
        Number(seconds) * 1000,
        `other-${i}`,
      ]);
      await redis(testApp).zadd(key, ...taken.flat());
      expectLimited(await get(second, bearer(rootToken)), MAX);

      await eventually(async () => expect(await redis(testApp).zcard(key)).toBe(MAX - held));
      for (let n = 1; n <= held; n++) {
        expect((await get(second, bearer(rootToken))).statusCode).toBe(200);
      }
      expectLimited(await get(second, bearer(rootToken)), MAX);
      expect(await redis(testApp).zcard(key)).toBe(MAX);
    });

    it('admits at most the slots each instance holds beyond the limit when the window moves on', async () => {
      const key = windowKey(rootToken);
      const first = await growLease(testApp, rootToken);
      const other = await growLease(second, rootToken);
      // The window moves past every entry, the leased slots included, while both still hold some.
      const [seconds] = await redis(testApp).time();
      const members = await redis(testApp).zrange(key, 0, -1);
      const aged = members.flatMap((member) => [Number(seconds) * 1000 - 61_000, member]);
      await redis(testApp).zadd(key, 'XX', ...aged);

      const responses = await Promise.all(
        Array.from({ length: MAX + 2 * LEASE_MAX_SLOTS }, (_, n) =>
          get(n % 2 ? testApp : second, bearer(rootToken)),
        ),
      );
      const admitted = responses.filter((response) => response.statusCode === 200).length;
      expect(first.held + other.held).toBeLessThanOrEqual(2 * LEASE_MAX_SLOTS);
      expect(admitted).toBeLessThanOrEqual(MAX + first.held + other.held);
      // Refusals come only from an exhausted window, while each instance holds under a lease.
      expect(admitted).toBeGreaterThanOrEqual(MAX - 2 * (LEASE_MAX_SLOTS - 1));
      expect(responses.some((response) => response.statusCode === 429)).toBe(true);
      const recent = await redis(testApp).zcount(key, Number(seconds) * 1000 - 1000, '+inf');
      expect(recent).toBeLessThanOrEqual(MAX);
    });
  });

  describe('leased budgets', () => {
    it('answer headers as one window would: Remaining down by one per request, Reset never rising', async () => {
      let reset = Infinity;
      for (let n = 1; n <= MAX; n++) {
        const response = await get(testApp, bearer(rootToken));
        expect(response.statusCode).toBe(200);
        expect(response.headers['x-ratelimit-remaining']).toBe(String(MAX - n));
        const next = Number(response.headers['x-ratelimit-reset']);
        expect(next).toBeGreaterThanOrEqual(1);
        expect(next).toBeLessThanOrEqual(reset);
        reset = next;
      }
      expectLimited(await get(testApp, bearer(rootToken)), MAX);
    });

    it('answer concurrent requests with every Remaining from MAX - 1 down to 0 once', async () => {
      const responses = await Promise.all(
        Array.from({ length: MAX }, () => get(testApp, bearer(rootToken))),
      );
      const remaining = responses.map((response) =>
        Number(response.headers['x-ratelimit-remaining']),
      );
      expect(remaining.sort((a, b) => b - a)).toEqual(
        Array.from({ length: MAX }, (_, n) => MAX - 1 - n),
      );
      expectLimited(await get(testApp, bearer(rootToken)), MAX);
    });

    it('gives the slots it holds back when the app shuts down', async () => {
      const leaving = await startTestApp(LIMITS);
      const { admitted, held } = await growLease(leaving, rootToken);
      expect(held).toBeGreaterThan(0);
      await leaving.close();
      expect(await redis(testApp).zcard(windowKey(rootToken))).toBe(admitted);
    });
  });

  /**
   * Requests of one principal in quick succession until the instance holds leased slots it has
   * not spent (entries in the window beyond the requests admitted).
   */
  async function growLease(
    on: TestApp,
    token: string,
  ): Promise<{ admitted: number; held: number }> {
    const key = windowKey(token);
    const before = await redis(on).zcard(key);
    for (let admitted = 1; admitted <= MAX / 2; admitted++) {
      expect((await get(on, bearer(token))).statusCode).toBe(200);
      const held = (await redis(on).zcard(key)) - before - admitted;
      if (held > 0) return { admitted: before + admitted, held };
    }
    throw new Error('no lease beyond the requests admitted');
  }
});

describe('rate limiting with Redis unreachable', () => {
  const logs = new LogCapture();
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp(
      { ...LIMITS, REDIS_URL: 'redis://127.0.0.1:6399', LOG_LEVEL: 'warn' },
      { logs },
    );
  });
  afterAll(() => testApp.close());

  it('fails open: every request passes without rate-limit headers, counted, with one warning', async () => {
    const token = await superadminToken(testApp.app, testApp.dataSource);
    for (let n = 1; n <= MAX + 5; n++) {
      const response = await testApp.app.inject({
        method: 'GET',
        url: URL,
        headers: bearer(token),
      });
      expect(response.statusCode).toBe(200);
      expect(response.headers['x-ratelimit-limit']).toBeUndefined();
    }
    for (let n = 1; n <= LOGIN_MAX + 2; n++) {
      const login = await testApp.app.inject({
        method: 'POST',
        url: '/api/auth/superadmin/login',
        payload: { username: 'root-admin', password: 'root-admin-password' },
      });
      expect(login.statusCode).toBe(200);
    }
    // Every request above went unchecked: the token login, MAX + 5 reads, LOGIN_MAX + 2 logins.
    expect(await metric(testApp, 'rate_limiter_errors_total')).toBe(1 + MAX + 5 + LOGIN_MAX + 2);
    const warnings = logs.find(
      (line) =>
        line.module === 'rate-limit' && String(line.message).startsWith('rate limiting suspended'),
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0].level).toBe('warn');
  });
});
