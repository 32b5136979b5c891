import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { LightMyRequestResponse } from 'fastify';
import { DataSource } from 'typeorm';
import {
  adminToken,
  bearer,
  createStore,
  StoreFixture,
  tableToken as tableLogin,
} from './fixtures';
import { resetData, TestApp } from './test-app';

/** Ordering suites send many requests per table; keep the rate limiter out of their way. */
export const ORDERING_ENV = { RATE_LIMIT_MAX: '1000000', LOGIN_RATE_LIMIT_MAX: '1000000' };

export type MenuSpec = { name: string; price: number; available?: boolean; deleted?: boolean };

export interface MenuFixture {
  id: number;
  name: string;
  price: number;
}

/** Inserts a category and menu rows straight into PostgreSQL. */
export async function createMenus(
  dataSource: DataSource,
  storeId: string,
  menus: MenuSpec[],
): Promise<MenuFixture[]> {
  const [{ id: categoryId }] = await dataSource.query(
    `INSERT INTO menu_categories (store_id, name) VALUES ($1, $2)
     ON CONFLICT (store_id, name) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
    [storeId, 'Mains'],
  );
  const created: MenuFixture[] = [];
  for (const menu of menus) {
    const [{ id }] = await dataSource.query(
      `INSERT INTO menus (store_id, category_id, name, price, is_available, deleted_at)
       VALUES ($1, $2, $3, $4, $5, CASE WHEN $6 THEN now() END) RETURNING id`,
      [storeId, categoryId, menu.name, menu.price, menu.available ?? true, menu.deleted ?? false],
    );
    created.push({ id, name: menu.name, price: menu.price });
  }
  return created;
}

/** The menus most ordering suites order from. */
export const DEFAULT_MENUS: MenuSpec[] = [
  { name: 'Bibimbap', price: 9000 },
  { name: 'Cola', price: 2000 },
];

export interface OrderingWorldOptions {
  /** Tables created in the store (createStore's default when absent). */
  tableCount?: number;
  /** How many tables (from the first) get logged in; their tokens come back in `tables`. */
  tableLogins?: number;
  menus?: MenuSpec[];
}

export interface OrderingWorld {
  store: StoreFixture;
  menus: MenuFixture[];
  /** Store admin token of the store. */
  admin: string;
  /** Table tokens, index i for `store.tables[i]`. */
  tables: string[];
}

/**
 * Resets all data, then builds one store 'alpha' with menus, and logs in its admin (unless
 * `admin: false`) and the first `tableLogins` tables.
 */
export async function orderingWorld(
  testApp: TestApp,
  options: OrderingWorldOptions & { admin: false },
): Promise<Omit<OrderingWorld, 'admin'>>;
export async function orderingWorld(
  testApp: TestApp,
  options?: OrderingWorldOptions & { admin?: true },
): Promise<OrderingWorld>;
export async function orderingWorld(
  testApp: TestApp,
  options: OrderingWorldOptions & { admin?: boolean } = {},
): Promise<Omit<OrderingWorld, 'admin'> & { admin?: string }> {
  await resetData(testApp);
  const store = await createStore(
    testApp.dataSource,
    'alpha',
    options.tableCount === undefined ? {} : { tableCount: options.tableCount },
  );
  const menus = await createMenus(
    testApp.dataSource,
    store.storeId,
    options.menus ?? DEFAULT_MENUS,
  );
  const admin = options.admin === false ? undefined : await adminToken(testApp.app, store);
  const tables: string[] = [];
  for (let index = 0; index < (options.tableLogins ?? 0); index++) {
    tables.push(await tableLogin(testApp.app, store, index));
  }
  return { store, menus, admin, tables };
}

export type Lines = [menu: MenuFixture | number, quantity: number][];

export function orderBody(lines: Lines): { items: { menu_id: number; quantity: number }[] } {
  return {
    items: lines.map(([menu, quantity]) => ({
      menu_id: typeof menu === 'number' ? menu : menu.id,
      quantity,
    })),
  };
}

export function placeOrder(
  app: NestFastifyApplication,
  tableToken: string,
  lines: Lines,
  idempotencyKey?: string,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: '/api/orders',
    headers: {
      ...bearer(tableToken),
      ...(idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey }),
    },
    payload: orderBody(lines),
  });
}

export interface OutboxRow {
  routing_key: string;
  store_id: string;
  payload: { event_id: string; type: string; occurred_at: string; store_id: string; data: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export function outboxRows(dataSource: DataSource, routingKey?: string): Promise<OutboxRow[]> {
  return dataSource.query(
    `SELECT routing_key, store_id, payload FROM outbox_events
     WHERE $1::text IS NULL OR routing_key = $1 ORDER BY position`,
    [routingKey ?? null],
  );
}

/** Makes every outbox insert fail until the returned function is called. */
export async function breakOutbox(dataSource: DataSource): Promise<() => Promise<void>> {
  await dataSource.query(`
    CREATE OR REPLACE FUNCTION test_fail_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'outbox unavailable (test)'; END $$`);
  await dataSource.query(
    `CREATE TRIGGER test_fail_outbox BEFORE INSERT ON outbox_events
     FOR EACH ROW EXECUTE FUNCTION test_fail_outbox()`,
  );
  return async () => {
    await dataSource.query(`DROP TRIGGER IF EXISTS test_fail_outbox ON outbox_events`);
    await dataSource.query(`DROP FUNCTION IF EXISTS test_fail_outbox()`);
  };
}

/** The calendar day of an instant in a time zone, as YYYYMMDD. */
export function dayIn(timeZone: string, instant: string | Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date(instant));
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}${part('month')}${part('day')}`;
}

/** Current value of `cache_requests_total{entity,result}` on the app's /metrics (0 when absent). */
export async function cacheLookups(
  app: NestFastifyApplication,
  entity: string,
  result: 'hit' | 'miss',
): Promise<number> {
  const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`cache_requests_total{entity="${entity}",result="${result}"}`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}
