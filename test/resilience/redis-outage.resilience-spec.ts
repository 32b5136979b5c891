import { TestApp, resetData, startTestApp, waitForBroker } from '../support/test-app';
import { bearer } from '../support/fixtures';
import { createOrderingStore } from './ordering-store';
import { runLoad, statusCounts } from './load';
import { SMALL_POOL } from './pool';
import { PrivateRedis } from './private-redis';
import { fixedTestPort } from '../support/built-app';

const OUTAGE_MS = Number(process.env.RESILIENCE_OUTAGE_SECONDS ?? 20) * 1000;

/** Redis stopped for real (a private redis-server) for 20 s under load: reads and orders answer 2xx. */
describe('Redis stopped under load', () => {
  let redis: PrivateRedis;
  let testApp: TestApp;
  let token: string;
  let menuId: number;

  beforeAll(async () => {
    redis = new PrivateRedis(await fixedTestPort());
    await redis.start();
    testApp = await startTestApp({ ...SMALL_POOL, REDIS_URL: redis.url });
    await resetData(testApp);
    await waitForBroker(testApp);
    let tokens: string[];
    ({ menuId, tokens } = await createOrderingStore(testApp, 'resil-redis', 1));
    [token] = tokens;
  }, 60_000);

  afterAll(async () => {
    await testApp?.close();
    await redis?.stop();
  });

  it('keeps answering menu reads and orders with 2xx while Redis is down and after', async () => {
    const kinds = {
      menu: {
        perSecond: 20,
        request: () => ({ method: 'GET' as const, url: '/api/menu/items', headers: bearer(token) }),
      },
      order: {
        perSecond: 2,
        request: () => ({
          method: 'POST' as const,
          url: '/api/orders',
          headers: bearer(token),
          payload: { items: [{ menu_id: menuId, quantity: 1 }] },
        }),
      },
    };
    const before = await runLoad(testApp.app, 2_000, kinds);
    await redis.stop();
    let during;
    try {
      during = await runLoad(testApp.app, OUTAGE_MS, kinds);
    } finally {
      await redis.start();
    }
    const after = await runLoad(testApp.app, 3_000, kinds);
    const failed = [...before, ...during, ...after].filter((a) => a.status >= 300);
    expect(statusCounts(failed)).toEqual({});
    expect(during.length).toBeGreaterThan(0);
  }, 120_000);
});
