import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ordering depth (DESIGN §9):
 * - `menu_option_groups` / `menu_options`: per menu item, groups with min/max selections and
 *   options with a price delta; `store_id` and `menu_id` on options let the order placement load
 *   every option of an order in one indexed query, tenant-checked. Option names are unique in
 *   their group, checked at commit (a PUT may swap two names in one transaction);
 * - snapshots of an order line's options and note (`order_items.options`, `order_items.note`), the
 *   order's note and who placed it (`orders.note`, `orders.placed_by`), kept in the history too;
 * - `menus.sold_out_until`: sold out until that time, orderable again by itself after it.
 */
export class MenuOptionsNotesSoldOut1796162511000 implements MigrationInterface {
  name = 'MenuOptionsNotesSoldOut1796162511000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE menu_option_groups (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        store_id uuid NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
        menu_id integer NOT NULL REFERENCES menus(id) ON DELETE CASCADE,
        name varchar(100) NOT NULL,
        min_select integer NOT NULL,
        max_select integer NOT NULL,
        display_order integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_menu_option_groups_name CHECK (char_length(name) >= 1),
        CONSTRAINT ck_menu_option_groups_select CHECK (0 <= min_select AND min_select <= max_select)
      )`);
    await queryRunner.query(
      `CREATE INDEX ix_menu_option_groups_menu ON menu_option_groups (menu_id, display_order, id)`,
    );
    await queryRunner.query(`
      CREATE TABLE menu_options (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        store_id uuid NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
        menu_id integer NOT NULL REFERENCES menus(id) ON DELETE CASCADE,
        group_id integer NOT NULL REFERENCES menu_option_groups(id) ON DELETE CASCADE,
        name varchar(100) NOT NULL,
        price_delta integer NOT NULL DEFAULT 0,
        is_available boolean NOT NULL DEFAULT true,
        display_order integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_menu_options_name CHECK (char_length(name) >= 1),
        CONSTRAINT ck_menu_options_price_delta CHECK (price_delta BETWEEN -1000000 AND 1000000),
        CONSTRAINT uq_menu_options_group_name UNIQUE (group_id, name) DEFERRABLE INITIALLY DEFERRED
      )`);
    await queryRunner.query(
      `CREATE INDEX ix_menu_options_group ON menu_options (group_id, display_order, id)`,
    );
    await queryRunner.query(`CREATE INDEX ix_menu_options_menu ON menu_options (menu_id)`);

    await queryRunner.query(`ALTER TABLE menus ADD COLUMN sold_out_until timestamptz`);
    await queryRunner.query(
      `CREATE INDEX ix_menus_sold_out_until ON menus (sold_out_until) WHERE sold_out_until IS NOT NULL`,
    );

    await queryRunner.query(
      `ALTER TABLE order_items ADD COLUMN options jsonb NOT NULL DEFAULT '[]'::jsonb,
                               ADD COLUMN note varchar(200)`,
    );
    await queryRunner.query(
      `ALTER TABLE orders ADD COLUMN note varchar(200),
                          ADD COLUMN placed_by varchar(10) NOT NULL DEFAULT 'table',
                          ADD CONSTRAINT ck_orders_placed_by CHECK (placed_by IN ('table', 'staff'))`,
    );
    await queryRunner.query(
      `ALTER TABLE order_history ADD COLUMN note varchar(200),
                                 ADD COLUMN placed_by varchar(10) NOT NULL DEFAULT 'table'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE order_history DROP COLUMN placed_by, DROP COLUMN note`);
    await queryRunner.query(`ALTER TABLE orders DROP COLUMN placed_by, DROP COLUMN note`);
    await queryRunner.query(`ALTER TABLE order_items DROP COLUMN note, DROP COLUMN options`);
    await queryRunner.query(`ALTER TABLE menus DROP COLUMN sold_out_until`);
    await queryRunner.query(`DROP TABLE menu_options`);
    await queryRunner.query(`DROP TABLE menu_option_groups`);
  }
}
