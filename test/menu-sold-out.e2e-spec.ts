import { eventually } from './support/eventually';
import { bearer } from './support/fixtures';
import { MenuFixture, ORDERING_ENV, orderingWorld, outboxRows } from './support/ordering';
import { startTestApp, TestApp } from './support/test-app';

describe('sold out until a time', () => {
  let a: TestApp;
  let b: TestApp;
  let admin: string;
  let table: string;
  let menus: MenuFixture[];

  beforeAll(async () => {
    a = await startTestApp(ORDERING_ENV);
    b = await startTestApp(ORDERING_ENV);
  });
  beforeEach(async () => {
    ({
      admin,
      menus,
      tables: [table],
    } = await orderingWorld(a, { tableLogins: 1 }));
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  const patch = (app: TestApp, id: number, payload: object) =>
    app.app.inject({
      method: 'PATCH',
      url: `/api/admin/menu/items/${id}`,
      headers: bearer(admin),
      payload,
    });
  const tableMenuIds = async (app: TestApp) =>
    (await app.app.inject({ method: 'GET', url: '/api/menu/items', headers: bearer(table) }))
      .json()
      .map((item: { id: number }) => item.id);
  const tableItemStatus = async (app: TestApp, id: number) =>
    (await app.app.inject({ method: 'GET', url: `/api/menu/items/${id}`, headers: bearer(table) }))
      .statusCode;
  const order = (app: TestApp, id: number) =>
    app.app.inject({
      method: 'POST',
      url: '/api/orders',
      headers: bearer(table),
      payload: { items: [{ menu_id: id, quantity: 1 }] },
    });

  it('is unavailable until then on every instance, and orderable again by itself after it', async () => {
    const [soup, cola] = menus;
    const until = new Date(Date.now() + 2500);
    const response = await patch(a, soup.id, { sold_out_until: until.toISOString() });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      is_available: true,
      sold_out_until: until.toISOString(),
    });

    for (const app of [a, b]) {
      // Twice: the second read is served by the caches, which must not outlive the time.
      for (let read = 0; read < 2; read++) {
        expect(await tableMenuIds(app)).toEqual([cola.id]);
        expect(await tableItemStatus(app, soup.id)).toBe(404);
      }
      const refused = await order(app, soup.id);
      expect(refused.statusCode).toBe(422);
      expect(refused.json().error.code).toBe('MENU_NOT_AVAILABLE');
    }
    const adminView = await b.app.inject({
      method: 'GET',
      url: `/api/menu/items/${soup.id}`,
      headers: bearer(admin),
    });
    expect(adminView.json().sold_out_until).toBe(until.toISOString());

    await eventually(
      async () => {
        for (const app of [a, b]) {
          expect(await tableMenuIds(app)).toEqual([soup.id, cola.id]);
          expect(await tableItemStatus(app, soup.id)).toBe(200);
        }
      },
      { timeout: 15_000 },
    );
    expect(Date.now()).toBeGreaterThanOrEqual(until.getTime());
    expect((await order(b, soup.id)).statusCode).toBe(201);

    // One instance claimed the passing: it cleared the field and announced it once.
    await eventually(async () => {
      const read = await a.app.inject({
        method: 'GET',
        url: `/api/menu/items/${soup.id}`,
        headers: bearer(admin),
      });
      expect(read.json().sold_out_until).toBeNull();
    });
    const changes = (await outboxRows(a.dataSource, 'menu.changed')).map((row) => row.payload.data);
    expect(changes).toEqual([
      { entity: 'menu_item', ids: [soup.id] },
      { entity: 'menu_item', ids: [soup.id] },
    ]);
  });

  it('shows the item from the first read at its time, before any instance has released it', async () => {
    const [soup, cola] = menus;
    const until = new Date(Date.now() + 2500);
    expect((await patch(a, soup.id, { sold_out_until: until.toISOString() })).statusCode).toBe(200);
    const adminSoldOutUntil = async () =>
      (
        await b.app.inject({
          method: 'GET',
          url: `/api/menu/items/${soup.id}`,
          headers: bearer(admin),
        })
      ).json().sold_out_until;
    // The row is held as a concurrent write would hold it: the release (FOR UPDATE SKIP LOCKED)
    // skips it, so no invalidation retires the cached table views at the passing. Only their own
    // bound (the next sold_out_until) can make them show the item on time.
    const holder = a.dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    try {
      await holder.query('SELECT id FROM menus WHERE id = $1 FOR NO KEY UPDATE', [soup.id]);
      for (const app of [a, b]) {
        for (let read = 0; read < 2; read++) expect(await tableMenuIds(app)).toEqual([cola.id]);
      }
      await eventually(() => expect(Date.now()).toBeGreaterThanOrEqual(until.getTime()), {
        interval: 5,
      });
      for (const app of [a, b]) {
        expect(await tableMenuIds(app)).toEqual([soup.id, cola.id]);
        expect(await tableItemStatus(app, soup.id)).toBe(200);
      }
      expect((await order(b, soup.id)).statusCode).toBe(201);
      expect(await adminSoldOutUntil()).toBe(until.toISOString());
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }
    // Once the row is free, an instance's next check releases it.
    await eventually(async () => expect(await adminSoldOutUntil()).toBeNull());
  });

  it('clears with null at once, and a past time is no sold-out at all', async () => {
    const [soup] = menus;
    await patch(a, soup.id, { sold_out_until: new Date(Date.now() + 3_600_000).toISOString() });
    expect((await order(a, soup.id)).statusCode).toBe(422);
    const cleared = await patch(b, soup.id, { sold_out_until: null });
    expect(cleared.json().sold_out_until).toBeNull();
    expect(await tableMenuIds(a)).toContain(soup.id);
    expect((await order(a, soup.id)).statusCode).toBe(201);

    await patch(a, soup.id, { sold_out_until: new Date(Date.now() - 60_000).toISOString() });
    expect((await order(b, soup.id)).statusCode).toBe(201);
  });

  it('keeps an item switched off (is_available false) unavailable whatever sold_out_until says', async () => {
    const [soup] = menus;
    await patch(a, soup.id, {
      is_available: false,
      sold_out_until: new Date(Date.now() - 1000).toISOString(),
    });
    expect(await tableMenuIds(a)).not.toContain(soup.id);
    expect((await order(a, soup.id)).statusCode).toBe(422);
  });

  it.each([
    ['a date without a time', '2030-01-01'],
    ['a time without its offset', '2030-01-01T10:00:00'],
    ['text', 'tomorrow'],
    ['a number', 1893456000000],
  ])('refuses %s (400 naming sold_out_until)', async (_case, value) => {
    const response = await patch(a, menus[0].id, { sold_out_until: value });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details[0].field).toBe('sold_out_until');
  });
});
