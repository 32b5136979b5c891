import { adminToken, bearer, createStore, StoreFixture } from './support/fixtures';
import {
  cacheLookups,
  MenuFixture,
  ORDERING_ENV,
  orderingWorld,
  placeOrder,
} from './support/ordering';
import { startTestApp, TestApp } from './support/test-app';

const ZONE = 'Asia/Seoul';

interface PlacedLine {
  menu_id: number;
  menu_name: string;
  unit_price: number;
  quantity: number;
}
interface Placed {
  id: number;
  total_amount: number;
  items: PlacedLine[];
  at: Date;
}

/** The day and hour of an instant in the store's zone, computed apart from the app's SQL. */
function local(instant: Date): { day: string; hour: number } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return { day: `${part('year')}-${part('month')}-${part('day')}`, hour: Number(part('hour')) };
}

/**
 * What the report of `day` must say about these orders, summed here line by line; menus are
 * named by `names` (their current names), else by their snapshot.
 */
function expectedReport(day: string, orders: Placed[], names = new Map<number, string>()) {
  const ofDay = orders.filter((order) => local(order.at).day === day);
  const revenue = ofDay.reduce((sum, order) => sum + order.total_amount, 0);
  const menus = new Map<number, { name: string; quantity: number; revenue: number }>();
  for (const order of ofDay) {
    for (const line of order.items) {
      const entry = menus.get(line.menu_id) ?? {
        name: names.get(line.menu_id) ?? line.menu_name,
        quantity: 0,
        revenue: 0,
      };
      entry.quantity += line.quantity;
      entry.revenue += line.unit_price * line.quantity;
      menus.set(line.menu_id, entry);
    }
  }
  return {
    date: day,
    order_count: ofDay.length,
    revenue,
    average_order_value: ofDay.length ? Math.floor(revenue / ofDay.length) : 0,
    by_menu: [...menus.entries()]
      .map(([menu_id, entry]) => ({
        menu_id,
        menu_name: entry.name,
        quantity: entry.quantity,
        revenue: entry.revenue,
      }))
      .sort((a, b) => b.revenue - a.revenue || b.quantity - a.quantity || a.menu_id - b.menu_id),
    by_hour: Array.from({ length: 24 }, (_, hour) => {
      const inHour = ofDay.filter((order) => local(order.at).hour === hour);
      return {
        hour,
        order_count: inHour.length,
        revenue: inHour.reduce((sum, order) => sum + order.total_amount, 0),
      };
    }),
  };
}

describe('daily sales summary', () => {
  let testApp: TestApp;
  let store: StoreFixture;
  let menus: MenuFixture[];
  let admin: string;
  let table1: string;
  let table2: string;

  beforeAll(async () => {
    testApp = await startTestApp(ORDERING_ENV);
  });
  beforeEach(async () => {
    ({
      store,
      menus,
      admin,
      tables: [table1, table2],
    } = await orderingWorld(testApp, {
      tableLogins: 2,
      menus: [
        { name: 'Bibimbap', price: 9000 },
        { name: 'Cola', price: 2000 },
        { name: 'Galbi', price: 25000 },
      ],
    }));
  });
  afterAll(() => testApp.close());

  const db = () => testApp.dataSource;
  const report = (query = '', token = admin) =>
    testApp.app.inject({
      method: 'GET',
      url: `/api/admin/reports/daily${query}`,
      headers: bearer(token),
    });
  const order = async (token: string, lines: [MenuFixture, number][]): Promise<Placed> => {
    const response = await placeOrder(testApp.app, token, lines);
    expect(response.statusCode).toBe(201);
    return { ...response.json<Omit<Placed, 'at'>>(), at: new Date() };
  };
  const endSession = async (tableIndex: number) => {
    const response = await testApp.app.inject({
      method: 'POST',
      url: `/api/admin/tables/${store.tables[tableIndex].id}/end-session`,
      headers: bearer(admin),
    });
    expect(response.statusCode).toBe(200);
  };
  const setLiveTime = (placed: Placed, at: string) => {
    placed.at = new Date(at);
    return db().query(`UPDATE orders SET created_at = $2 WHERE id = $1`, [placed.id, placed.at]);
  };
  const setArchivedTime = (placed: Placed, at: string) => {
    placed.at = new Date(at);
    return db().query(`UPDATE order_history SET ordered_at = $2 WHERE order_id = $1`, [
      placed.id,
      placed.at,
    ]);
  };

  it('sums live and archived orders of the store-local day; 23:59 and 00:01 fall on different days', async () => {
    const [bibimbap, cola, galbi] = menus;
    // Archived at table 1: 2026-03-10 00:00 and 23:59 Seoul (UTC+9), and 2026-03-09 23:59:59.
    const midnight = await order(table1, [[bibimbap, 2]]);
    const lateArchived = await order(table1, [
      [galbi, 1],
      [cola, 3],
    ]);
    const dayBefore = await order(table1, [[galbi, 4]]);
    await endSession(0);
    await setArchivedTime(midnight, '2026-03-09T15:00:00Z');
    await setArchivedTime(lateArchived, '2026-03-10T14:59:00Z');
    await setArchivedTime(dayBefore, '2026-03-09T14:59:59Z');
    // Live at table 2 (menus renamed during and after the day: reported by their current name).
    const lunch = await order(table2, [
      [bibimbap, 1],
      [cola, 1],
    ]);
    await db().query(`UPDATE menus SET name = 'Bibimbap (stone pot)' WHERE id = $1`, [bibimbap.id]);
    const afternoon = await order(table2, [[bibimbap, 3]]);
    const nextDay = await order(table2, [[cola, 2]]);
    const deleted = await order(table2, [[galbi, 10]]);
    await setLiveTime(lunch, '2026-03-10T03:30:00Z');
    await setLiveTime(afternoon, '2026-03-10T06:10:00Z');
    await setLiveTime(nextDay, '2026-03-10T15:01:00Z');
    await setLiveTime(deleted, '2026-03-10T01:00:00Z');
    const remove = await testApp.app.inject({
      method: 'DELETE',
      url: `/api/admin/orders/${deleted.id}`,
      headers: bearer(admin),
    });
    expect(remove.statusCode).toBe(204);
    await db().query(`UPDATE menus SET name = 'Cola Zero' WHERE id = $1`, [cola.id]);
    const kept = [midnight, lateArchived, dayBefore, lunch, afternoon, nextDay];
    const names = new Map([
      [bibimbap.id, 'Bibimbap (stone pot)'],
      [cola.id, 'Cola Zero'],
    ]);

    for (const day of ['2026-03-09', '2026-03-10', '2026-03-11']) {
      const response = await report(`?date=${day}`);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual(expectedReport(day, kept, names));
    }
    // The figures, spelled out for the main day.
    const main = (await report('?date=2026-03-10')).json();
    expect(main.order_count).toBe(4);
    expect(main.revenue).toBe(18000 + 31000 + 11000 + 27000);
    expect(main.average_order_value).toBe(Math.floor(87000 / 4));
    expect(main.by_menu.map((row: { menu_name: string }) => row.menu_name)).toEqual([
      'Bibimbap (stone pot)',
      'Galbi',
      'Cola Zero',
    ]);
    expect(main.by_hour[0]).toEqual({ hour: 0, order_count: 1, revenue: 18000 });
    expect(main.by_hour[23]).toEqual({ hour: 23, order_count: 1, revenue: 31000 });
    const next = (await report('?date=2026-03-11')).json();
    expect(next.by_hour[0]).toEqual({ hour: 0, order_count: 1, revenue: 4000 });
  });

  it('an empty day has 24 zero hours, no menus and an average of 0', async () => {
    const response = await report('?date=2024-02-29');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(expectedReport('2024-02-29', []));
    expect(response.json().by_hour).toHaveLength(24);
  });

  it('defaults to today in the store zone and is not cached; a past day is cached until an order of it is deleted', async () => {
    const first = await order(table1, [[menus[0], 1]]);
    const today = local(new Date()).day;
    const lookups = async () =>
      (await cacheLookups(testApp.app, 'daily_report', 'hit')) +
      (await cacheLookups(testApp.app, 'daily_report', 'miss'));
    const before = await lookups();
    expect((await report()).json()).toEqual(expectedReport(today, [first]));
    const second = await order(table1, [[menus[1], 2]]);
    expect((await report(`?date=${today}`)).json()).toEqual(expectedReport(today, [first, second]));
    expect(await lookups()).toBe(before);

    // A session open across midnight: yesterday's order is still live.
    const yesterdayOrder = await order(table2, [[menus[2], 1]]);
    await setLiveTime(yesterdayOrder, '2026-01-05T05:00:00Z');
    const misses = await cacheLookups(testApp.app, 'daily_report', 'miss');
    const hits = await cacheLookups(testApp.app, 'daily_report', 'hit');
    expect((await report('?date=2026-01-05')).json().revenue).toBe(25000);
    expect((await report('?date=2026-01-05')).json().revenue).toBe(25000);
    expect(await cacheLookups(testApp.app, 'daily_report', 'miss')).toBe(misses + 1);
    expect(await cacheLookups(testApp.app, 'daily_report', 'hit')).toBe(hits + 1);

    const remove = await testApp.app.inject({
      method: 'DELETE',
      url: `/api/admin/orders/${yesterdayOrder.id}`,
      headers: bearer(admin),
    });
    expect(remove.statusCode).toBe(204);
    expect((await report('?date=2026-01-05')).json()).toEqual(expectedReport('2026-01-05', []));
  });

  it('refuses a malformed or impossible date with 400, and tables with 403', async () => {
    for (const date of ['2025-02-30', '20250301', '2025-3-1', 'today', '2025-03-01T00:00:00Z']) {
      const response = await report(`?date=${encodeURIComponent(date)}`);
      expect([date, response.statusCode, response.json().error.code]).toEqual([
        date,
        400,
        'VALIDATION_FAILED',
      ]);
    }
    expect((await report('?day=2025-03-01')).statusCode).toBe(400);
    expect((await report('', table1)).statusCode).toBe(403);
  });

  it("counts only the caller's store", async () => {
    const placed = await order(table1, [[menus[0], 2]]);
    await setLiveTime(placed, '2026-02-01T03:00:00Z');
    const other = await createStore(db(), 'other-store', { tableCount: 1 });
    const intruder = await adminToken(testApp.app, other);
    expect((await report('?date=2026-02-01', intruder)).json()).toEqual(
      expectedReport('2026-02-01', []),
    );
    expect((await report('?date=2026-02-01')).json().revenue).toBe(18000);
  });
});
