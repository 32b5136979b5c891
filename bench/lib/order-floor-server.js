'use strict';
/**
 * The floor of bench/order-create.js: bare Fastify + pg running the statements of the app's
 * order placement in one transaction — the same repository methods (hence the same SQL and row
 * mapping), the same line pricing (options), outbox writer and response mappers — without Nest, TypeORM, validation,
 * token verification or the session-cache invalidation. The table comes from the bearer token's
 * payload, read without verifying it.
 *
 * Run as a child process: DATABASE_URL, PORT; prints `listening <url>` when ready.
 */
require('reflect-metadata');
const { join } = require('node:path');
const Fastify = require('fastify');
const { Pool } = require('pg');
const { DIST } = require('./bench-database');

require(join(DIST, 'database', 'typeorm-options')); // bigint → number, as in the app
const { TableSessionsRepository } = require(join(DIST, 'tables', 'table-sessions.repository'));
const { OrdersRepository } = require(join(DIST, 'orders', 'orders.repository'));
const { OrderMenusRepository } = require(join(DIST, 'orders', 'order-menus.repository'));
const { priceLine } = require(join(DIST, 'orders', 'order-options.rules'));
const { OutboxRepository } = require(join(DIST, 'outbox', 'outbox.repository'));
const { OutboxWriter } = require(join(DIST, 'outbox', 'outbox-writer.service'));
const { formatOrderNumber } = require(join(DIST, 'orders', 'order-number'));
const { AdminOrderResponseDto, OrderResponseDto } = require(
  join(DIST, 'orders', 'dto', 'order-response.dto'),
);

const TIME_ZONE = process.env.STORE_TIMEZONE ?? 'Asia/Seoul';
const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.FLOOR_POOL_MAX ?? 32),
});
const sessions = new TableSessionsRepository(null);
const orders = new OrdersRepository(null);
const menus = new OrderMenusRepository();
const outbox = new OutboxWriter(new OutboxRepository(null));

async function placeOrder(manager, storeId, tableId, { items, note }, key) {
  const table = await sessions.lockTable(manager, storeId, tableId);
  if (key) {
    const first = await orders.findByIdempotencyKey(manager, tableId, key);
    if (first) return first;
  }
  const menuIds = [...new Set(items.map((item) => item.menu_id))];
  const found = await menus.findOrderable(manager, storeId, menuIds);
  const byId = new Map(found.map((menu) => [menu.id, menu]));
  const groupsByMenu = new Map();
  for (const group of await menus.findOptionGroups(manager, storeId, menuIds)) {
    groupsByMenu.set(group.menu_id, [...(groupsByMenu.get(group.menu_id) ?? []), group]);
  }
  const lines = items.map((item, index) => {
    const menu = byId.get(item.menu_id);
    const priced = priceLine(
      index,
      { menu_id: menu.id, price: menu.price, option_ids: item.option_ids ?? [] },
      groupsByMenu.get(menu.id) ?? [],
    );
    if (!priced.ok) throw new Error(`line ${index}: ${JSON.stringify(priced.problems)}`);
    return {
      menu_id: menu.id,
      menu_name: menu.name,
      unit_price: priced.unit_price,
      quantity: item.quantity,
      options: priced.options,
      note: item.note ?? null,
    };
  });
  const session =
    (await sessions.findActive(manager, tableId)) ??
    (await sessions.open(manager, storeId, tableId));
  const { businessDay, sequence } = await orders.nextOrderNumber(manager, storeId, TIME_ZONE);
  const orderNumber = formatOrderNumber(businessDay, sequence);
  const totalAmount = lines.reduce((sum, line) => sum + line.unit_price * line.quantity, 0);
  const inserted = await orders.insertWithItems(manager, {
    storeId,
    tableId,
    sessionId: session.id,
    orderNumber,
    totalAmount,
    idempotencyKey: key ?? null,
    note: note ?? null,
    placedBy: 'table',
    items: lines,
  });
  const order = {
    ...inserted,
    order_number: orderNumber,
    total_amount: totalAmount,
    table_id: tableId,
    table_number: table.table_number,
    table_session_id: session.id,
    note: note ?? null,
    placed_by: 'table',
    items: lines,
  };
  await outbox.append(manager, {
    routingKey: 'order.created',
    storeId,
    data: AdminOrderResponseDto.from(order),
  });
  return order;
}

const app = Fastify();
app.post('/api/orders', async (request, reply) => {
  const token = request.headers.authorization.slice('Bearer '.length);
  const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
  const client = await pool.connect();
  const manager = { query: (sql, params) => client.query(sql, params).then((r) => r.rows) };
  try {
    await client.query('BEGIN');
    const order = await placeOrder(
      manager,
      claims.store_id,
      claims.table_id,
      request.body,
      request.headers['idempotency-key'],
    );
    await client.query('COMMIT');
    reply.code(201);
    return OrderResponseDto.from(order);
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
});

/** CPU seconds used so far, as the app reports process_cpu_seconds_total. */
app.get('/cpu', async () => {
  const { user, system } = process.cpuUsage();
  return { seconds: (user + system) / 1e6 };
});

app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) }).then((url) => {
  console.log(`listening ${url}`);
});
process.on('SIGTERM', () =>
  app
    .close()
    .then(() => pool.end())
    .then(() => process.exit(0)),
);
