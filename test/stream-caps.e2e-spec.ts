import { adminToken, bearer, createStore, StoreFixture, tableToken } from './support/fixtures';
import { ORDERING_ENV } from './support/ordering';
import { eventually } from './support/eventually';
import { listenForStreams, SseReader } from './support/sse-reader';
import { resetData, startTestApp, TestApp } from './support/test-app';

const ADMIN_STREAM = '/api/admin/orders/stream';
const TABLE_STREAM = '/api/orders/stream';
const STORE_CAP = 8;

/** Open streams per principal (5 by default) and per store are capped: beyond, 429 with Retry-After. */
describe('Stream caps', () => {
  let app: TestApp;
  let port: number;
  let store: StoreFixture;
  let admin: string;
  let table1: string;
  let table2: string;
  const readers: SseReader[] = [];

  async function open(path: string, token: string): Promise<SseReader> {
    const reader = await SseReader.open(port, path, bearer(token));
    readers.push(reader);
    return reader;
  }
  async function openMany(path: string, token: string, count: number): Promise<SseReader[]> {
    const opened: SseReader[] = [];
    for (let i = 0; i < count; i++) {
      const reader = await open(path, token);
      expect(reader.status).toBe(200);
      await reader.nextFrame((frame) => frame.event === 'snapshot', 'the snapshot');
      opened.push(reader);
    }
    return opened;
  }
  async function expectRefused(path: string, token: string, reason: RegExp): Promise<void> {
    const reader = await open(path, token);
    expect(reader.status).toBe(429);
    expect(reader.headers['retry-after']).toMatch(/^[1-9]\d*$/);
    expect(reader.headers['content-type']).toMatch(/^application\/json/);
    await reader.waitForEnd();
    const body = JSON.parse(reader.body);
    expect(body.error).toMatchObject({ code: 'RATE_LIMIT_EXCEEDED' });
    expect(body.error.message).toMatch(reason);
  }
  /** After a stream is closed its place frees (the server sees the close asynchronously). */
  async function expectReopens(path: string, token: string): Promise<void> {
    await eventually(async () => {
      const reader = await open(path, token);
      if (reader.status !== 200) reader.close();
      expect(reader.status).toBe(200);
      await reader.nextFrame((frame) => frame.event === 'snapshot', 'the snapshot');
    });
  }

  beforeAll(async () => {
    app = await startTestApp({ ...ORDERING_ENV, SSE_MAX_STREAMS_PER_STORE: String(STORE_CAP) });
    port = await listenForStreams(app);
  });
  beforeEach(async () => {
    await resetData(app);
    store = await createStore(app.dataSource, 'caps', { tableCount: 2 });
    admin = await adminToken(app.app, store);
    table1 = await tableToken(app.app, store, 0);
    table2 = await tableToken(app.app, store, 1);
  });
  afterEach(() => {
    // Each test has a store of its own (resetData), so places left to close count for nobody.
    for (const reader of readers.splice(0)) reader.close();
  });
  afterAll(async () => {
    await app.close();
  });

  it('refuses an admin’s 6th stream with 429 and Retry-After; closing one frees a place', async () => {
    const five = await openMany(ADMIN_STREAM, admin, 5);
    await expectRefused(ADMIN_STREAM, admin, /per caller/);
    five[0].close();
    await expectReopens(ADMIN_STREAM, admin);
  });

  it('refuses a table’s 6th stream likewise, and counts each table apart', async () => {
    const five = await openMany(TABLE_STREAM, table1, 5);
    await expectRefused(TABLE_STREAM, table1, /per caller/);
    await openMany(TABLE_STREAM, table2, 1);
    five[0].close();
    await expectReopens(TABLE_STREAM, table1);
  });

  it('refuses a stream past the store’s cap, whoever opens it', async () => {
    await openMany(ADMIN_STREAM, admin, 5);
    const tablets = await openMany(TABLE_STREAM, table1, STORE_CAP - 5);
    await expectRefused(TABLE_STREAM, table2, /per store/);
    tablets[0].close();
    await expectReopens(TABLE_STREAM, table2);
  });
});
