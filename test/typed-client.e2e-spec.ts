import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import {
  adminOrderStreamUrl,
  components,
  createTableOrderClient,
  isErrorEnvelope,
  TableOrderClient,
  tableOrderStreamUrl,
} from '../clients/typescript/src';
import { createStore, StoreFixture } from './support/fixtures';
import { createMenus, MenuFixture, ORDERING_ENV } from './support/ordering';
import { resetData, startTestApp, TestApp } from './support/test-app';
import { testListenPort } from './support/test-config';

/**
 * The typed client (clients/typescript, generated from the committed openapi.json) against the
 * real app on a real port: a route, field or status the document promises and the app does not
 * keep fails here (and a renamed field fails `npm run typecheck` on this file).
 */
describe('typed client against the running API', () => {
  let testApp: TestApp;
  let baseUrl: string;
  let store: StoreFixture;
  let menus: MenuFixture[];

  beforeAll(async () => {
    testApp = await startTestApp(ORDERING_ENV);
    await testApp.app.listen(testListenPort(), '127.0.0.1');
    const { port } = testApp.app.getHttpServer().address() as AddressInfo;
    baseUrl = `http://127.0.0.1:${port}`;
  });
  afterAll(() => testApp.close());

  beforeEach(async () => {
    await resetData(testApp);
    store = await createStore(testApp.dataSource, 'client');
    menus = await createMenus(testApp.dataSource, store.storeId, [
      { name: '김치찌개', price: 9000 },
      { name: 'Cola', price: 2000 },
    ]);
  });

  function clientWith(token: () => string | undefined): TableOrderClient {
    return createTableOrderClient({ baseUrl, token });
  }

  async function tableClient(): Promise<TableOrderClient> {
    const anonymous = createTableOrderClient({ baseUrl });
    const { data, error } = await anonymous.POST('/api/auth/table/login', {
      body: {
        store_code: store.storeCode,
        table_number: store.tables[0].number,
        password: store.tables[0].password,
      },
    });
    expect(error).toBeUndefined();
    expect(data).toMatchObject({
      token_type: 'Bearer',
      role: 'table',
      table_id: store.tables[0].id,
    });
    return clientWith(() => data!.access_token);
  }

  async function adminClient(): Promise<TableOrderClient> {
    const { data } = await createTableOrderClient({ baseUrl }).POST('/api/auth/admin/login', {
      body: {
        store_code: store.storeCode,
        username: store.adminUsername,
        password: store.adminPassword,
      },
    });
    expect(data?.role).toBe('store_admin');
    return clientWith(() => data!.access_token);
  }

  it('drives the tablet flow: login, menu, an idempotent order, own orders', async () => {
    const table = await tableClient();

    const categories = await table.GET('/api/menu/categories');
    expect(categories.response.status).toBe(200);
    const categoryId = categories.data![0].id;
    const items = await table.GET('/api/menu/items', {
      params: { query: { category_id: categoryId } },
    });
    expect(items.data!.map((item) => item.name)).toEqual(['김치찌개', 'Cola']);

    const key = randomUUID();
    const order = { items: [{ menu_id: menus[0].id, quantity: 2 }] };
    const placed = await table.POST('/api/orders', {
      params: { header: { 'Idempotency-Key': key } },
      body: order,
    });
    expect(placed.response.status).toBe(201);
    expect(placed.response.headers.get('x-request-id')).toBeTruthy();
    expect(Number(placed.response.headers.get('x-ratelimit-remaining'))).toBeGreaterThan(0);
    expect(placed.data).toMatchObject({
      status: 'pending',
      total_amount: 18000,
      items: [
        {
          menu_id: menus[0].id,
          menu_name: '김치찌개',
          unit_price: 9000,
          quantity: 2,
          subtotal: 18000,
        },
      ],
    });

    const replay = await table.POST('/api/orders', {
      params: { header: { 'Idempotency-Key': key } },
      body: order,
    });
    expect(replay.response.status).toBe(200);
    expect(replay.response.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.data?.id).toBe(placed.data?.id);

    const own = await table.GET('/api/orders');
    expect(own.data?.map((row) => row.id)).toEqual([placed.data?.id]);
  });

  it('drives the admin flow: login, status change, end the session, history', async () => {
    const table = await tableClient();
    const placed = await table.POST('/api/orders', {
      body: { items: [{ menu_id: menus[1].id, quantity: 1 }] },
    });
    const orderId = placed.data!.id;
    const admin = await adminClient();

    const active = await admin.GET('/api/admin/orders', {
      params: { query: { table_id: store.tables[0].id } },
    });
    expect(active.data?.map((row) => row.id)).toEqual([orderId]);

    const moved = await admin.PATCH('/api/admin/orders/{id}/status', {
      params: { path: { id: orderId } },
      body: { status: 'preparing' },
    });
    expect(moved.data?.status).toBe('preparing');

    const backwards = await admin.PATCH('/api/admin/orders/{id}/status', {
      params: { path: { id: orderId } },
      body: { status: 'pending' },
    });
    expect(backwards.response.status).toBe(409);
    expect(isErrorEnvelope(backwards.error)).toBe(true);
    expect(backwards.error?.error.code).toBe('INVALID_STATUS_TRANSITION');

    const ended = await admin.POST('/api/admin/tables/{id}/end-session', {
      params: { path: { id: store.tables[0].id } },
    });
    expect(ended.data).toMatchObject({ archived_orders: 1, total_amount: 2000 });
    const again = await admin.POST('/api/admin/tables/{id}/end-session', {
      params: { path: { id: store.tables[0].id } },
    });
    expect(again.error?.error.code).toBe('NO_ACTIVE_SESSION');

    const history = await admin.GET('/api/admin/tables/{id}/history', {
      params: { path: { id: store.tables[0].id }, query: { page: 1, page_size: 50 } },
    });
    expect(history.data?.pagination).toMatchObject({ page: 1, page_size: 50, total_count: 1 });
    expect((await table.GET('/api/orders')).data).toEqual([]);
  });

  /** Opens a stream URL as EventSource would (no Authorization header) and reads its snapshot. */
  async function snapshotOf(url: string): Promise<unknown> {
    const controller = new AbortController();
    const response = await fetch(url, { signal: controller.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const frame = /event: snapshot\ndata: (.*)\n\n/;
    while (!frame.test(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    controller.abort();
    return JSON.parse(frame.exec(text)![1]) as unknown;
  }

  it('answers errors as the documented envelope, and opens both streams from a ticket', async () => {
    const anonymous = createTableOrderClient({ baseUrl });
    const refused = await anonymous.GET('/api/orders');
    expect(refused.response.status).toBe(401);
    expect(refused.error?.error).toMatchObject({
      code: 'AUTHENTICATION_REQUIRED',
      request_id: refused.response.headers.get('x-request-id'),
    });

    const table = await tableClient();
    const placed = await table.POST('/api/orders', {
      body: { items: [{ menu_id: menus[0].id, quantity: 1 }] },
    });
    const tableUrl = new URL(await tableOrderStreamUrl(table, baseUrl));
    expect(tableUrl.pathname).toBe('/api/orders/stream');
    expect(tableUrl.searchParams.get('ticket')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const tableSnapshot = (await snapshotOf(
      tableUrl.toString(),
    )) as components['schemas']['TableOrderSnapshotDto'];
    expect(tableSnapshot.orders.map((order) => order.id)).toEqual([placed.data!.id]);

    const admin = await adminClient();
    const adminUrl = new URL(await adminOrderStreamUrl(admin, baseUrl));
    expect(adminUrl.pathname).toBe('/api/admin/orders/stream');
    const adminSnapshot = (await snapshotOf(
      adminUrl.toString(),
    )) as components['schemas']['OrderSnapshotDto'];
    expect(adminSnapshot.orders.map((order) => [order.id, order.table_id])).toEqual([
      [placed.data!.id, store.tables[0].id],
    ]);
  });
});
