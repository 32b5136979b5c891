import { Client } from 'pg';
import { TestApp, resetData, startTestApp, waitForBroker } from '../support/test-app';
import { bearer } from '../support/fixtures';
import { createOrderingStore } from './ordering-store';
import { testDatabaseUrl } from '../support/test-config';
import { LogCapture } from '../support/log-capture';
import { runLoad, statusCounts } from './load';
import { SMALL_POOL } from './pool';

/**
 * Every PostgreSQL backend of the app (application_name table-order-api*, in the test database
 * only) killed with pg_terminate_backend mid-load, three times a second apart: at most brief 503s
 * with Retry-After, no request hangs, the same process serves again. Orders go to four tables so
 * that transactions are caught between two statements, not only waiting on one table's lock.
 */
const TABLES = 4;
/** How soon after a kill every request must succeed again. */
const RECOVERY_MS = 3_000;

describe('PostgreSQL backends of the app killed under load', () => {
  let testApp: TestApp;
  let tokens: string[];
  let menuId: number;
  const killer = new Client({ connectionString: testDatabaseUrl() });
  const logs = new LogCapture();

  beforeAll(async () => {
    testApp = await startTestApp({ ...SMALL_POOL, LOG_LEVEL: 'warn' }, { logs });
    await resetData(testApp);
    await waitForBroker(testApp);
    ({ menuId, tokens } = await createOrderingStore(testApp, 'resil-pg', TABLES));
    await killer.connect();
  }, 60_000);

  afterAll(async () => {
    await killer.end();
    await testApp?.close();
  });

  it('answers 2xx or a brief 503 with Retry-After, never hangs, and recovers', async () => {
    let sent = 0;
    const nextToken = (): string => tokens[sent++ % TABLES];
    const kinds = {
      order: {
        perSecond: 20,
        request: () => ({
          method: 'POST' as const,
          url: '/api/orders',
          headers: bearer(nextToken()),
          payload: { items: [{ menu_id: menuId, quantity: 1 }] },
        }),
      },
      list: {
        perSecond: 10,
        request: () => ({
          method: 'GET' as const,
          url: '/api/orders',
          headers: bearer(nextToken()),
        }),
      },
    };
    const load = runLoad(testApp.app, 10_000, kinds);
    const killed: number[] = [];
    let lastKillAt = 0;
    for (let round = 0; round < 3; round++) {
      await new Promise((resolve) => setTimeout(resolve, round === 0 ? 2_000 : 1_000));
      const { rows } = await killer.query(
        `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid()
            AND application_name LIKE 'table-order-api%'`,
      );
      killed.push(rows.length);
      lastKillAt = Date.now();
    }
    expect(killed.every((count) => count > 0)).toBe(true);
    const answers = await load;
    const unexpected = answers.filter(
      (a) => !(a.status < 300 || (a.status === 503 && a.retryAfter !== undefined)),
    );
    // The error lines of any 500 say which failure escaped the 503 mapping.
    const errors = logs.find((line) => line.level === 'error');
    expect({ answers: statusCounts(unexpected), errors }).toEqual({ answers: {}, errors: [] });
    expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(10_000);
    // Recovered: everything sent from RECOVERY_MS after the last kill is 2xx; the 503 warnings
    // say why if not.
    const late = answers.filter((a) => a.at >= lastKillAt + RECOVERY_MS);
    expect(late.length).toBeGreaterThan(0);
    const lateFailures = late.filter((a) => a.status >= 300);
    const reasons = lateFailures.length
      ? [...new Set(logs.find((line) => line.level === 'warn').map((line) => line.message))]
      : [];
    expect({ late: statusCounts(lateFailures), reasons }).toEqual({ late: {}, reasons: [] });
  }, 60_000);
});
