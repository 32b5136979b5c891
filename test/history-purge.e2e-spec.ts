import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createStore, StoreFixture } from './support/fixtures';
import { insertHistory } from './support/history';
import { resetData, startTestApp, TestApp } from './support/test-app';
import { testDatabaseUrl } from './support/test-config';

const run = promisify(execFile);
const CLI = join(__dirname, '..', 'dist', 'src', 'cli', 'purge-history.js');

/** Runs the compiled `npm run history:purge` entry point against the test database. */
async function purge(
  env: Record<string, string> = {},
): Promise<{ deleted: number; archived_before: string }> {
  const { stdout } = await run(process.execPath, [CLI], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      DATABASE_URL: testDatabaseUrl(),
      ...env,
    },
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

describe('npm run history:purge', () => {
  let testApp: TestApp;
  let store: StoreFixture;

  beforeAll(async () => {
    testApp = await startTestApp();
  });
  beforeEach(async () => {
    await resetData(testApp);
    store = await createStore(testApp.dataSource, 'alpha');
  });
  afterAll(() => testApp.close());

  const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
  const remaining = async () =>
    (
      await testApp.dataSource.query(
        `SELECT table_id, count(*)::int AS n FROM order_history GROUP BY table_id ORDER BY table_id`,
      )
    ).map((row: { table_id: number; n: number }) => [row.table_id, row.n]);

  it('deletes history older than the retention in batches, with its day counts, and reports the count', async () => {
    const [t1, t2] = store.tables.map((table) => table.id);
    await insertHistory(testApp.dataSource, {
      storeId: store.storeId,
      tableId: t1,
      archivedAt: daysAgo(400),
      count: 6000,
    });
    await insertHistory(testApp.dataSource, {
      storeId: store.storeId,
      tableId: t2,
      archivedAt: daysAgo(367),
      count: 3,
    });
    await insertHistory(testApp.dataSource, {
      storeId: store.storeId,
      tableId: t1,
      archivedAt: daysAgo(300),
      count: 2,
    });
    await insertHistory(testApp.dataSource, {
      storeId: store.storeId,
      tableId: t2,
      archivedAt: daysAgo(1),
      count: 4,
    });

    const result = await purge();
    expect(result.deleted).toBe(6003);
    expect(result.archived_before).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await remaining()).toEqual([
      [t1, 2],
      [t2, 4],
    ]);
    const counts = await testApp.dataSource.query(
      `SELECT table_id, archived_count FROM order_history_day_counts ORDER BY table_id`,
    );
    expect(counts).toEqual([
      { table_id: t1, archived_count: 2 },
      { table_id: t2, archived_count: 4 },
    ]);
    expect((await purge()).deleted).toBe(0);
  });

  it('honours HISTORY_RETENTION_DAYS', async () => {
    await insertHistory(testApp.dataSource, {
      storeId: store.storeId,
      tableId: store.tables[0].id,
      archivedAt: daysAgo(40),
    });
    await insertHistory(testApp.dataSource, {
      storeId: store.storeId,
      tableId: store.tables[0].id,
      archivedAt: daysAgo(10),
    });
    expect((await purge({ HISTORY_RETENTION_DAYS: '30' })).deleted).toBe(1);
    expect(await remaining()).toEqual([[store.tables[0].id, 1]]);
  });
});
