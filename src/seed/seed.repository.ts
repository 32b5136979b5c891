import { DataSource, EntityManager } from 'typeorm';

/** A superadmin account as seeding compares it with the configured credentials. */
export interface SuperadminRow {
  id: number;
  username: string;
  password_hash: string;
  is_active: boolean;
}

/**
 * The SQL of seeding: idempotent inserts of the demo store, its accounts, tables and menu, and
 * the superadmin synced from env. The one repository that writes other features' tables
 * (stores, users, tables, menu_categories, menus): seeding runs from `npm run seed` without the
 * features' modules, and its "insert unless present" statements are no feature's operation
 * (docs/decisions.md, "Persistence: the entities describe every table").
 */
export class SeedRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The id of the store with `code`, created unless present. */
  async ensureStore(manager: EntityManager, code: string, name: string): Promise<string> {
    await manager.query(
      `/* query:seed.insertStore */
       INSERT INTO stores (code, name) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING`,
      [code, name],
    );
    const [store]: { id: string }[] = await manager.query(
      `/* query:seed.findStore */ SELECT id FROM stores WHERE code = $1`,
      [code],
    );
    return store.id;
  }

  async ensureStoreAdmin(
    manager: EntityManager,
    storeId: string,
    username: string,
    passwordHash: string,
  ): Promise<void> {
    await manager.query(
      `/* query:seed.insertStoreAdmin */
       INSERT INTO users (store_id, username, password_hash, role) VALUES ($1, $2, $3, 'store_admin')
       ON CONFLICT (store_id, username) DO NOTHING`,
      [storeId, username, passwordHash],
    );
  }

  async ensureTable(
    manager: EntityManager,
    storeId: string,
    tableNumber: number,
    passwordHash: string,
  ): Promise<void> {
    await manager.query(
      `/* query:seed.insertTable */
       INSERT INTO tables (store_id, table_number, password_hash) VALUES ($1, $2, $3)
       ON CONFLICT (store_id, table_number) DO NOTHING`,
      [storeId, tableNumber, passwordHash],
    );
  }

  /** The id of the store's category `name`, created unless present. */
  async ensureCategory(
    manager: EntityManager,
    storeId: string,
    name: string,
    displayOrder: number,
  ): Promise<number> {
    await manager.query(
      `/* query:seed.insertCategory */
       INSERT INTO menu_categories (store_id, name, display_order) VALUES ($1, $2, $3)
       ON CONFLICT (store_id, name) DO NOTHING`,
      [storeId, name, displayOrder],
    );
    const [category]: { id: number }[] = await manager.query(
      `/* query:seed.findCategory */
       SELECT id FROM menu_categories WHERE store_id = $1 AND name = $2`,
      [storeId, name],
    );
    return category.id;
  }

  /** Inserts the item unless the store has a live item of that name. */
  async ensureMenuItem(
    manager: EntityManager,
    storeId: string,
    categoryId: number,
    item: { name: string; description: string; price: number; displayOrder: number },
  ): Promise<void> {
    await manager.query(
      `/* query:seed.insertMenuItem */
       INSERT INTO menus (store_id, category_id, name, description, price, display_order)
       SELECT $1::uuid, $2::int, $3::varchar, $4::text, $5::int, $6::int
       WHERE NOT EXISTS (
         SELECT 1 FROM menus WHERE store_id = $1::uuid AND name = $3::varchar AND deleted_at IS NULL
       )`,
      [storeId, categoryId, item.name, item.description, item.price, item.displayOrder],
    );
  }

  async hasNoStores(): Promise<boolean> {
    const [row]: { empty: boolean }[] = await this.dataSource.query(
      `/* query:seed.hasNoStores */ SELECT NOT EXISTS (SELECT 1 FROM stores) AS empty`,
    );
    return row.empty === true;
  }

  /** The superadmin whose username matches case-insensitively, or undefined. */
  async findSuperadmin(username: string): Promise<SuperadminRow | undefined> {
    const [row]: SuperadminRow[] = await this.dataSource.query(
      `/* query:seed.findSuperadmin */
       SELECT id, username, password_hash, is_active FROM users
       WHERE store_id IS NULL AND lower(username) = lower($1)`,
      [username],
    );
    return row;
  }

  async activeSuperadmins(): Promise<SuperadminRow[]> {
    return this.dataSource.query(
      `/* query:seed.activeSuperadmins */
       SELECT id, username, password_hash, is_active FROM users WHERE store_id IS NULL AND is_active`,
    );
  }

  /** Sets the password, enables the account and revokes its tokens. */
  async restoreSuperadmin(id: number, passwordHash: string): Promise<void> {
    await this.dataSource.query(
      `/* query:seed.restoreSuperadmin */
       UPDATE users SET password_hash = $2, is_active = true, token_version = token_version + 1,
         updated_at = now()
       WHERE id = $1`,
      [id, passwordHash],
    );
  }

  async insertSuperadmin(username: string, passwordHash: string): Promise<void> {
    await this.dataSource.query(
      `/* query:seed.insertSuperadmin */
       INSERT INTO users (store_id, username, password_hash, role) VALUES (NULL, $1, $2, 'superadmin')
       ON CONFLICT (username) WHERE store_id IS NULL DO UPDATE SET password_hash = EXCLUDED.password_hash`,
      [username, passwordHash],
    );
  }

  /** Disables the account and revokes its tokens. */
  async disableSuperadmin(id: number): Promise<void> {
    await this.dataSource.query(
      `/* query:seed.disableSuperadmin */
       UPDATE users SET is_active = false, token_version = token_version + 1, updated_at = now()
       WHERE id = $1`,
      [id],
    );
  }
}
