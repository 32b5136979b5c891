'use strict';
/**
 * Table tokens for the benches that rotate over many principals (bench/menu-read.js,
 * bench/fixed-cost.js): `count` tables of one store sharing a password, each logged in once
 * through the app (LOGIN_CONCURRENCY at a time: argon2 makes each login slow).
 */
const { join } = require('node:path');

const LOGIN_CONCURRENCY = 8;
const PASSWORD = 'bench-table-password';

/** Inserts `count` tables (numbers 1..count) into the store; returns their shared password. */
async function insertTables(db, storeId, count) {
  const { hashPassword } = require(
    join(__dirname, '..', '..', 'dist', 'src', 'common', 'security', 'passwords'),
  );
  await db.query(
    `INSERT INTO tables (store_id, table_number, password_hash)
     SELECT $1, n, $2 FROM generate_series(1, $3::int) AS n`,
    [storeId, await hashPassword(PASSWORD), count],
  );
  return PASSWORD;
}

async function login(url, store, tableNumber) {
  const response = await fetch(`${url}/api/auth/table/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      store_code: store.code,
      table_number: tableNumber,
      password: store.password,
    }),
  });
  if (response.status !== 200)
    throw new Error(`table login: ${response.status} ${await response.text()}`);
  return (await response.json()).access_token;
}

/** One token per table 1..count of `store` ({ code, password }), logged in against `url`. */
async function loginAll(url, store, count) {
  const tokens = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      tokens[index] = await login(url, store, index + 1);
    }
  };
  await Promise.all(Array.from({ length: LOGIN_CONCURRENCY }, worker));
  return tokens;
}

module.exports = { insertTables, loginAll };
