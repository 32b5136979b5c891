import { DataSource } from 'typeorm';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { hashPassword } from '../../src/common/security/passwords';
import { TEST_SUPERADMIN } from './test-config';

export interface StoreFixture {
  storeId: string;
  storeCode: string;
  adminId: number;
  adminUsername: string;
  adminPassword: string;
  tables: { id: number; number: number; password: string }[];
}

const hashes = new Map<string, Promise<string>>();

/** argon2 is deliberately slow; fixtures reuse one hash per distinct password. */
function cachedHash(password: string): Promise<string> {
  if (!hashes.has(password)) hashes.set(password, hashPassword(password));
  return hashes.get(password)!;
}

/** Inserts a store with one admin and `tableCount` tables straight into PostgreSQL. */
export async function createStore(
  dataSource: DataSource,
  code: string,
  options: { tableCount?: number } = {},
): Promise<StoreFixture> {
  const adminPassword = `${code}-admin-pass`;
  const tablePassword = `${code}-table-pass`;
  const [{ id: storeId }] = await dataSource.query(
    `INSERT INTO stores (code, name) VALUES ($1, $2) RETURNING id`,
    [code, `Store ${code}`],
  );
  const [{ id: adminId }] = await dataSource.query(
    `INSERT INTO users (store_id, username, password_hash, role) VALUES ($1, 'manager', $2, 'store_admin') RETURNING id`,
    [storeId, await cachedHash(adminPassword)],
  );
  const tables: StoreFixture['tables'] = [];
  for (let number = 1; number <= (options.tableCount ?? 2); number++) {
    const [{ id }] = await dataSource.query(
      `INSERT INTO tables (store_id, table_number, password_hash) VALUES ($1, $2, $3) RETURNING id`,
      [storeId, number, await cachedHash(tablePassword)],
    );
    tables.push({ id, number, password: tablePassword });
  }
  return { storeId, storeCode: code, adminId, adminUsername: 'manager', adminPassword, tables };
}

/** Creates (or resets) a superadmin account. */
export async function createSuperadmin(
  dataSource: DataSource,
  username = TEST_SUPERADMIN.username,
  password = TEST_SUPERADMIN.password,
): Promise<{ username: string; password: string }> {
  await dataSource.query(
    `INSERT INTO users (store_id, username, password_hash, role) VALUES (NULL, $1, $2, 'superadmin')
     ON CONFLICT (username) WHERE store_id IS NULL
     DO UPDATE SET password_hash = EXCLUDED.password_hash, is_active = true`,
    [username, await cachedHash(password)],
  );
  return { username, password };
}

async function login(app: NestFastifyApplication, url: string, payload: object): Promise<string> {
  const response = await app.inject({ method: 'POST', url, payload });
  if (response.statusCode !== 200) {
    throw new Error(`login ${url} failed: ${response.statusCode} ${response.body}`);
  }
  return response.json().access_token;
}

/** The same logins against a running server (a built app, or HAProxy in front of instances). */
async function loginOverHttp(port: number, url: string, payload: object): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}${url}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`login ${url} failed: ${response.status} ${body}`);
  return (JSON.parse(body) as { access_token: string }).access_token;
}

const ADMIN_LOGIN_PATH = '/api/auth/admin/login';
const TABLE_LOGIN_PATH = '/api/auth/table/login';

export function adminCredentials(store: StoreFixture): object {
  return {
    store_code: store.storeCode,
    username: store.adminUsername,
    password: store.adminPassword,
  };
}

export function tableCredentials(store: StoreFixture, tableIndex: number): object {
  const table = store.tables[tableIndex];
  return { store_code: store.storeCode, table_number: table.number, password: table.password };
}

export function adminToken(app: NestFastifyApplication, store: StoreFixture): Promise<string> {
  return login(app, ADMIN_LOGIN_PATH, adminCredentials(store));
}

export function tableToken(
  app: NestFastifyApplication,
  store: StoreFixture,
  tableIndex = 0,
): Promise<string> {
  return login(app, TABLE_LOGIN_PATH, tableCredentials(store, tableIndex));
}

export function adminTokenOverHttp(port: number, store: StoreFixture): Promise<string> {
  return loginOverHttp(port, ADMIN_LOGIN_PATH, adminCredentials(store));
}

export function tableTokenOverHttp(
  port: number,
  store: StoreFixture,
  tableIndex = 0,
): Promise<string> {
  return loginOverHttp(port, TABLE_LOGIN_PATH, tableCredentials(store, tableIndex));
}

export async function superadminToken(
  app: NestFastifyApplication,
  dataSource: DataSource,
): Promise<string> {
  const credentials = await createSuperadmin(dataSource);
  return login(app, '/api/auth/superadmin/login', credentials);
}

export function bearer(token: string): { authorization: string } {
  return { authorization: `Bearer ${token}` };
}

/** Deletes a store made by createStore with everything it got (orders and outbox rows too). */
export async function removeStore(dataSource: DataSource, storeId: string): Promise<void> {
  await dataSource.query(`DELETE FROM outbox_events WHERE store_id = $1`, [storeId]);
  await dataSource.query(`DELETE FROM orders WHERE store_id = $1`, [storeId]);
  await dataSource.query(`DELETE FROM stores WHERE id = $1`, [storeId]);
}
