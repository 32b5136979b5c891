import { DataSource } from 'typeorm';
import { typeOrmOptions } from '../src/database/typeorm-options';
import { testConfig, testDatabaseUrl } from './support/test-config';

/** Named after the test database, so runs against different test databases never share it. */
const SCRATCH_DB = `${new URL(testDatabaseUrl()).pathname.slice(1)}_migrations_scratch`;

/** Runs the migrations on a scratch database of its own, so it never disturbs other suites. */
describe('migrations', () => {
  let admin: DataSource;
  let scratch: DataSource;

  beforeAll(async () => {
    admin = await new DataSource({ type: 'postgres', url: testDatabaseUrl() }).initialize();
    await admin.query(`DROP DATABASE IF EXISTS ${SCRATCH_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${SCRATCH_DB}`);
    const url = new URL(testDatabaseUrl());
    url.pathname = `/${SCRATCH_DB}`;
    scratch = await new DataSource(
      typeOrmOptions(testConfig({ DATABASE_URL: url.toString() })),
    ).initialize();
  });

  afterAll(async () => {
    await scratch?.destroy();
    await admin.query(`DROP DATABASE IF EXISTS ${SCRATCH_DB} WITH (FORCE)`);
    await admin.destroy();
  });

  async function tableNames(): Promise<string[]> {
    const rows: { table_name: string }[] = await scratch.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'typeorm_migrations' ORDER BY 1`,
    );
    return rows.map((row) => row.table_name);
  }

  it('goes up on an empty schema, fully down, and up again', async () => {
    await scratch.runMigrations();
    expect(await tableNames()).toEqual([
      'menu_categories',
      'menu_option_groups',
      'menu_options',
      'menus',
      'order_history',
      'order_history_day_counts',
      'order_items',
      'order_number_counters',
      'orders',
      'outbox_events',
      'staff_calls',
      'stores',
      'table_sessions',
      'tables',
      'users',
    ]);
    while ((await scratch.query(`SELECT count(*)::int AS n FROM typeorm_migrations`))[0].n > 0) {
      await scratch.undoLastMigration();
    }
    expect(await tableNames()).toEqual([]);
    await scratch.runMigrations();
    expect((await tableNames()).length).toBe(15);
  });

  describe('constraints', () => {
    let storeId: string;
    let tableId: number;
    let categoryId: number;

    beforeAll(async () => {
      [{ id: storeId }] = await scratch.query(
        `INSERT INTO stores (code, name) VALUES ('s1', 'S') RETURNING id`,
      );
      [{ id: tableId }] = await scratch.query(
        `INSERT INTO tables (store_id, table_number, password_hash) VALUES ($1, 1, 'x') RETURNING id`,
        [storeId],
      );
      [{ id: categoryId }] = await scratch.query(
        `INSERT INTO menu_categories (store_id, name) VALUES ($1, 'c') RETURNING id`,
        [storeId],
      );
    });

    it('allows one active session per table, and a new one once it ended', async () => {
      const [{ id: first }] = await scratch.query(
        `INSERT INTO table_sessions (store_id, table_id) VALUES ($1, $2) RETURNING id`,
        [storeId, tableId],
      );
      await expect(
        scratch.query(`INSERT INTO table_sessions (store_id, table_id) VALUES ($1, $2)`, [
          storeId,
          tableId,
        ]),
      ).rejects.toThrow(/uq_table_sessions_one_active/);
      await scratch.query(
        `UPDATE table_sessions SET is_active = false, ended_at = now() WHERE id = $1`,
        [first],
      );
      await scratch.query(`INSERT INTO table_sessions (store_id, table_id) VALUES ($1, $2)`, [
        storeId,
        tableId,
      ]);
    });

    it('rejects a negative or too high price', async () => {
      for (const price of [-1, 10_000_001]) {
        await expect(
          scratch.query(
            `INSERT INTO menus (store_id, category_id, name, price) VALUES ($1, $2, 'm', $3)`,
            [storeId, categoryId, price],
          ),
        ).rejects.toThrow(/ck_menus_price/);
      }
    });

    it('rejects quantity 0 or 101 and an unknown status', async () => {
      const [{ id: menuId }] = await scratch.query(
        `INSERT INTO menus (store_id, category_id, name, price) VALUES ($1, $2, 'ok', 1000) RETURNING id`,
        [storeId, categoryId],
      );
      const [{ id: sessionId }] = await scratch.query(
        `SELECT id FROM table_sessions WHERE table_id = $1 AND is_active`,
        [tableId],
      );
      await expect(
        scratch.query(
          `INSERT INTO orders (store_id, table_id, table_session_id, order_number, status, total_amount)
           VALUES ($1, $2, $3, '20261126-0001', 'cooking', 0)`,
          [storeId, tableId, sessionId],
        ),
      ).rejects.toThrow(/ck_orders_status/);
      const [{ id: orderId }] = await scratch.query(
        `INSERT INTO orders (store_id, table_id, table_session_id, order_number, total_amount)
         VALUES ($1, $2, $3, '20261126-0001', 0) RETURNING id`,
        [storeId, tableId, sessionId],
      );
      for (const quantity of [0, 101]) {
        await expect(
          scratch.query(
            `INSERT INTO order_items (order_id, menu_id, menu_name, unit_price, quantity) VALUES ($1, $2, 'ok', 1000, $3)`,
            [orderId, menuId, quantity],
          ),
        ).rejects.toThrow(/ck_order_items_quantity/);
      }
    });

    it('rejects a duplicate table number, category name and order number within a store', async () => {
      await expect(
        scratch.query(
          `INSERT INTO tables (store_id, table_number, password_hash) VALUES ($1, 1, 'y')`,
          [storeId],
        ),
      ).rejects.toThrow(/uq_tables_store_number/);
      await expect(
        scratch.query(`INSERT INTO menu_categories (store_id, name) VALUES ($1, 'c')`, [storeId]),
      ).rejects.toThrow(/uq_menu_categories_store_name/);
    });
  });
});
