'use strict';
/**
 * The database a benchmark writes to: BENCH_DATABASE_URL, else `table_order_bench` on the local
 * server. Its name must contain "bench" (benchmarks bulk-insert and never run against real
 * data). Created when missing and migrated with the built migrations.
 */
require('reflect-metadata');
const { join } = require('node:path');
const { Logger } = require('@nestjs/common');
const { Client } = require('pg');

const DIST = join(__dirname, '..', '..', 'dist', 'src');
const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/table_order_bench';

function benchDatabaseUrl() {
  const url = process.env.BENCH_DATABASE_URL ?? DEFAULT_URL;
  const name = new URL(url).pathname.slice(1);
  if (!name.includes('bench')) {
    throw new Error(`Refusing to benchmark against "${name}": its name must contain "bench"`);
  }
  return url;
}

async function prepareBenchDatabase() {
  const url = benchDatabaseUrl();
  const name = new URL(url).pathname.slice(1);
  const server = new URL(url);
  server.pathname = '/postgres';
  const admin = new Client({ connectionString: server.toString() });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const { DataSource } = require('typeorm');
  const { loadConfig } = require(join(DIST, 'config', 'app-config'));
  const { typeOrmOptions } = require(join(DIST, 'database', 'typeorm-options'));
  const { runMigrationsLocked } = require(join(DIST, 'database', 'run-migrations'));
  const { startupLogger } = require(join(DIST, 'observability', 'startup-logger'));
  const config = loadConfig({ NODE_ENV: 'development', DATABASE_URL: url });
  Logger.overrideLogger(startupLogger(config)); // "migration applied" as the app's JSON lines
  const dataSource = await new DataSource({
    ...typeOrmOptions(config),
    logging: false,
  }).initialize();
  try {
    await runMigrationsLocked(dataSource);
  } finally {
    await dataSource.destroy();
  }
  return url;
}

/** One store with `tableCount` tables (one shared password) and the given menus. */
async function createBenchStore(client, code, { tableCount, menus, passwordHash }) {
  const {
    rows: [{ id: storeId }],
  } = await client.query(`INSERT INTO stores (code, name) VALUES ($1, $1) RETURNING id`, [code]);
  const { rows: tables } = await client.query(
    `INSERT INTO tables (store_id, table_number, password_hash)
     SELECT $1, n, $2 FROM generate_series(1, $3) n RETURNING id, table_number`,
    [storeId, passwordHash, tableCount],
  );
  const {
    rows: [{ id: categoryId }],
  } = await client.query(
    `INSERT INTO menu_categories (store_id, name) VALUES ($1, 'Bench') RETURNING id`,
    [storeId],
  );
  const menuIds = [];
  for (const menu of menus) {
    const { rows } = await client.query(
      `INSERT INTO menus (store_id, category_id, name, price) VALUES ($1, $2, $3, $4) RETURNING id`,
      [storeId, categoryId, menu.name, menu.price],
    );
    menuIds.push(rows[0].id);
  }
  return { storeId, code, tables, menuIds };
}

/** Removes stores whose code starts with `codePrefix`, with everything they own. */
async function dropBenchStores(client, codePrefix) {
  const { rows } = await client.query(`SELECT id FROM stores WHERE code LIKE $1 || '%'`, [
    codePrefix,
  ]);
  const storeIds = rows.map((row) => row.id);
  if (storeIds.length === 0) return;
  await client.query(`DELETE FROM outbox_events WHERE store_id = ANY($1::uuid[])`, [storeIds]);
  // Orders first: their items reference menus, which the store's cascade also removes.
  await client.query(`DELETE FROM orders WHERE store_id = ANY($1::uuid[])`, [storeIds]);
  await client.query(`DELETE FROM stores WHERE id = ANY($1::uuid[])`, [storeIds]);
}

module.exports = {
  DIST,
  benchDatabaseUrl,
  prepareBenchDatabase,
  createBenchStore,
  dropBenchStores,
};
