import { MigrationInterface, QueryRunner } from 'typeorm';

/** The whole schema of DESIGN §2: tenants, accounts, tables and sessions, menu, orders, history, outbox. */
export class InitialSchema1764115200000 implements MigrationInterface {
  name = 'InitialSchema1764115200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);

    await queryRunner.query(`
      CREATE TABLE stores (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code varchar(50) NOT NULL,
        name varchar(100) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_stores_code UNIQUE (code),
        CONSTRAINT ck_stores_code_format CHECK (code ~ '^[a-z0-9][a-z0-9_-]{1,49}$')
      )`);

    await queryRunner.query(`
      CREATE TABLE users (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        store_id uuid REFERENCES stores(id) ON DELETE CASCADE,
        username varchar(50) NOT NULL,
        password_hash text NOT NULL,
        role varchar(20) NOT NULL,
        failed_logins integer NOT NULL DEFAULT 0,
        locked_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_users_role CHECK (role IN ('superadmin', 'store_admin')),
        CONSTRAINT ck_users_role_store CHECK ((role = 'superadmin') = (store_id IS NULL)),
        CONSTRAINT ck_users_failed_logins CHECK (failed_logins >= 0),
        CONSTRAINT uq_users_store_username UNIQUE (store_id, username)
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX uq_users_superadmin_username ON users (username) WHERE store_id IS NULL`,
    );

    await queryRunner.query(`
      CREATE TABLE tables (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        store_id uuid NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
        table_number integer NOT NULL,
        password_hash text NOT NULL,
        failed_logins integer NOT NULL DEFAULT 0,
        locked_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_tables_store_number UNIQUE (store_id, table_number),
        CONSTRAINT ck_tables_number CHECK (table_number BETWEEN 1 AND 9999),
        CONSTRAINT ck_tables_failed_logins CHECK (failed_logins >= 0)
      )`);

    await queryRunner.query(`
      CREATE TABLE table_sessions (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        store_id uuid NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
        table_id integer NOT NULL REFERENCES tables(id) ON DELETE CASCADE,
        started_at timestamptz NOT NULL DEFAULT now(),
        ended_at timestamptz,
        is_active boolean NOT NULL DEFAULT true,
        CONSTRAINT ck_table_sessions_active_ended CHECK (is_active = (ended_at IS NULL))
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX uq_table_sessions_one_active ON table_sessions (table_id) WHERE is_active`,
    );
    await queryRunner.query(
      `CREATE INDEX ix_table_sessions_store_active ON table_sessions (store_id) WHERE is_active`,
    );

    await queryRunner.query(`
      CREATE TABLE menu_categories (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        store_id uuid NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
        name varchar(100) NOT NULL,
        display_order integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_menu_categories_store_name UNIQUE (store_id, name),
        CONSTRAINT ck_menu_categories_name CHECK (char_length(name) >= 1)
      )`);

    await queryRunner.query(`
      CREATE TABLE menus (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        store_id uuid NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
        category_id integer REFERENCES menu_categories(id) ON DELETE SET NULL,
        name varchar(100) NOT NULL,
        description text NOT NULL DEFAULT '',
        price integer NOT NULL,
        image_path varchar(255),
        thumbnail_path varchar(255),
        display_order integer NOT NULL DEFAULT 0,
        is_available boolean NOT NULL DEFAULT true,
        deleted_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_menus_price CHECK (price BETWEEN 0 AND 10000000),
        CONSTRAINT ck_menus_name CHECK (char_length(name) >= 1),
        CONSTRAINT ck_menus_live_has_category CHECK (deleted_at IS NOT NULL OR category_id IS NOT NULL)
      )`);
    await queryRunner.query(
      `CREATE INDEX ix_menus_store_category_order ON menus (store_id, category_id, display_order, id) WHERE deleted_at IS NULL`,
    );

    await queryRunner.query(`
      CREATE TABLE orders (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        store_id uuid NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
        table_id integer NOT NULL REFERENCES tables(id) ON DELETE CASCADE,
        table_session_id integer NOT NULL REFERENCES table_sessions(id) ON DELETE CASCADE,
        order_number varchar(13) NOT NULL,
        status varchar(20) NOT NULL DEFAULT 'pending',
        total_amount bigint NOT NULL,
        idempotency_key varchar(64),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_orders_status CHECK (status IN ('pending', 'preparing', 'completed')),
        CONSTRAINT ck_orders_total CHECK (total_amount >= 0),
        CONSTRAINT ck_orders_number_format CHECK (order_number ~ '^[0-9]{8}-[0-9]{4,}$'),
        CONSTRAINT uq_orders_store_number UNIQUE (store_id, order_number)
      )`);
    await queryRunner.query(
      `CREATE INDEX ix_orders_session_status ON orders (table_session_id, status)`,
    );
    await queryRunner.query(
      `CREATE INDEX ix_orders_store_created ON orders (store_id, created_at)`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX uq_orders_table_idempotency ON orders (table_id, idempotency_key) WHERE idempotency_key IS NOT NULL`,
    );

    await queryRunner.query(`
      CREATE TABLE order_items (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        order_id integer NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
        menu_id integer NOT NULL REFERENCES menus(id),
        menu_name varchar(100) NOT NULL,
        unit_price integer NOT NULL,
        quantity integer NOT NULL,
        CONSTRAINT ck_order_items_quantity CHECK (quantity BETWEEN 1 AND 100),
        CONSTRAINT ck_order_items_unit_price CHECK (unit_price BETWEEN 0 AND 10000000)
      )`);
    await queryRunner.query(`CREATE INDEX ix_order_items_order ON order_items (order_id)`);
    await queryRunner.query(`CREATE INDEX ix_order_items_menu ON order_items (menu_id)`);

    await queryRunner.query(`
      CREATE TABLE order_number_counters (
        store_id uuid NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
        business_date date NOT NULL,
        last_value integer NOT NULL,
        PRIMARY KEY (store_id, business_date),
        CONSTRAINT ck_order_number_counters_value CHECK (last_value >= 1)
      )`);

    await queryRunner.query(`
      CREATE TABLE order_history (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        store_id uuid NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
        table_id integer NOT NULL REFERENCES tables(id) ON DELETE CASCADE,
        table_session_id integer NOT NULL REFERENCES table_sessions(id) ON DELETE CASCADE,
        order_id integer NOT NULL,
        order_number varchar(13) NOT NULL,
        items jsonb NOT NULL,
        total_amount bigint NOT NULL,
        status varchar(20) NOT NULL,
        ordered_at timestamptz NOT NULL,
        archived_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_order_history_status CHECK (status IN ('pending', 'preparing', 'completed')),
        CONSTRAINT ck_order_history_items CHECK (jsonb_typeof(items) = 'array')
      )`);
    await queryRunner.query(
      `CREATE INDEX ix_order_history_table_archived ON order_history (table_id, archived_at DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX ix_order_history_archived ON order_history (archived_at)`,
    );

    await queryRunner.query(`
      CREATE TABLE outbox_events (
        id uuid PRIMARY KEY,
        position bigint GENERATED ALWAYS AS IDENTITY,
        store_id uuid NOT NULL,
        routing_key varchar(100) NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        CONSTRAINT uq_outbox_events_position UNIQUE (position)
      )`);
    await queryRunner.query(
      `CREATE INDEX ix_outbox_events_pending ON outbox_events (position) WHERE published_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX ix_outbox_events_store_position ON outbox_events (store_id, position)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'outbox_events',
      'order_history',
      'order_number_counters',
      'order_items',
      'orders',
      'menus',
      'menu_categories',
      'table_sessions',
      'tables',
      'users',
      'stores',
    ]) {
      await queryRunner.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
