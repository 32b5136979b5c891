import { DataSource } from 'typeorm';
import { StoreFixture } from './fixtures';
import { MenuFixture } from './ordering';

export interface LargeSession {
  orders: number;
  lines: number;
  /** Each line's note (names and notes make up most of the snapshot's bytes). */
  note: string;
}

/** `orders` active orders of `lines` lines each on the first table's session, inserted with SQL. */
export async function insertLargeSession(
  dataSource: DataSource,
  store: StoreFixture,
  menu: MenuFixture,
  { orders, lines, note }: LargeSession,
): Promise<void> {
  const tableId = store.tables[0].id;
  const [{ id: sessionId }] = await dataSource.query(
    `INSERT INTO table_sessions (store_id, table_id) VALUES ($1, $2) RETURNING id`,
    [store.storeId, tableId],
  );
  await dataSource.query(
    `INSERT INTO orders (store_id, table_id, table_session_id, order_number, total_amount)
     SELECT $1, $2, $3, '20260101-' || lpad(n::text, 4, '0'), $4::bigint * $5::bigint
     FROM generate_series(1, $6::int) AS n`,
    [store.storeId, tableId, sessionId, lines, menu.price, orders],
  );
  await dataSource.query(
    `INSERT INTO order_items (order_id, menu_id, menu_name, unit_price, quantity, note)
     SELECT o.id, $2, $3, $4, 1, $5
     FROM orders o CROSS JOIN generate_series(1, $6::int)
     WHERE o.table_session_id = $1`,
    [sessionId, menu.id, `${menu.name} with a long enough name`, menu.price, note, lines],
  );
}
