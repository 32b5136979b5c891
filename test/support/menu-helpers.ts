import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AddressInfo, createServer } from 'node:net';
import { DataSource } from 'typeorm';
import { RedisService } from '../../src/infrastructure/redis/redis.service';
import { bearer } from './fixtures';
import { emptyTablesSql, TestApp } from './test-app';
import { testListenPort } from './test-config';

/** The menu tables and the order lines that refer to their menus. */
const MENU_TABLES = [
  'order_items',
  'menu_options',
  'menu_option_groups',
  'menus',
  'menu_categories',
];
const RESET_MENU_SQL = emptyTablesSql(MENU_TABLES);

/**
 * Empties the menu tables and the test Redis db, keeping stores and accounts (and their tokens).
 */
export async function resetMenu(testApp: TestApp): Promise<void> {
  await testApp.dataSource.query(RESET_MENU_SQL);
  await testApp.app.get(RedisService).client.flushdb();
}

/**
 * What every instance reads and writes on its own, whatever the test does: the sold-out release
 * (SoldOutReleaser) looks at `menus` at least once a second.
 */
const BACKGROUND_STATEMENTS = /^\s*\/\*\s*query:menu\.(releaseSoldOut|nextSoldOutEnd)\s*\*\//;

/**
 * Counts the SQL statements touching `table` (wraps the TypeORM logger hook every query passes),
 * leaving out the instance's own background statements.
 */
export function countQueries(dataSource: DataSource, table: string): { count: () => number } {
  const logger = dataSource.logger;
  const original = logger.logQuery.bind(logger);
  const pattern = new RegExp(`\\b${table}\\b`, 'i');
  let count = 0;
  logger.logQuery = (query, parameters, queryRunner) => {
    if (pattern.test(query) && !BACKGROUND_STATEMENTS.test(query)) count++;
    return original(query, parameters, queryRunner);
  };
  return { count: () => count };
}

export async function createCategory(
  app: NestFastifyApplication,
  token: string,
  payload: object,
): Promise<{ id: number; name: string; display_order: number }> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/admin/menu/categories',
    headers: bearer(token),
    payload,
  });
  if (response.statusCode !== 201)
    throw new Error(`category: ${response.statusCode} ${response.body}`);
  return response.json();
}

export async function createItem(
  app: NestFastifyApplication,
  token: string,
  payload: object,
): Promise<{ id: number; price: number; is_available: boolean }> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/admin/menu/items',
    headers: bearer(token),
    payload,
  });
  if (response.statusCode !== 201) throw new Error(`item: ${response.statusCode} ${response.body}`);
  return response.json();
}

/** A multipart/form-data body with one file part. */
export function multipartFile(
  field: string,
  filename: string,
  contentType: string,
  data: Buffer,
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----menu-test-${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\n` +
      `Content-Type: ${contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, data, tail]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** redis://host:port/db → the parts a proxy needs. */
export function redisTarget(url: string): { host: string; port: number; db: string } {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    db: parsed.pathname.replace(/^\//, '') || '0',
  };
}

/** A port nothing listens on (bound, read, released): connections to it are refused. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(testListenPort(), '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface OptionGroupFixture {
  id: number;
  name: string;
  min_select: number;
  max_select: number;
  options: { id: number; name: string; price_delta: number; is_available: boolean }[];
}

/** The example option groups of a menu item: "맵기" pick exactly one, "추가" up to two extras. */
export const EXAMPLE_OPTION_GROUPS = [
  {
    name: '맵기',
    min_select: 1,
    max_select: 1,
    options: [{ name: '순한맛' }, { name: '보통' }, { name: '매운맛' }],
  },
  {
    name: '추가',
    min_select: 0,
    max_select: 2,
    options: [
      { name: '치즈', price_delta: 1000 },
      { name: '계란', price_delta: 500 },
    ],
  },
];

/** PUT /api/admin/menu/items/:id/option-groups; throws unless 200, returns the item's groups. */
export async function putOptionGroups(
  app: NestFastifyApplication,
  token: string,
  menuId: number,
  groups: object[],
): Promise<OptionGroupFixture[]> {
  const response = await app.inject({
    method: 'PUT',
    url: `/api/admin/menu/items/${menuId}/option-groups`,
    headers: bearer(token),
    payload: groups,
  });
  if (response.statusCode !== 200) {
    throw new Error(`option groups: ${response.statusCode} ${response.body}`);
  }
  return response.json().option_groups;
}
