import { DataSource, EntityManager } from 'typeorm';
import { hashPassword, verifyPassword } from '../common/security/passwords';
import { DEV_SUPERADMIN } from '../config/app-config';
import { ConfigError } from '../config/env-parsers';
import {
  DEMO_ADMIN,
  DEMO_MENU,
  DEMO_STORE,
  DEMO_TABLE_COUNT,
  DEMO_TABLE_PASSWORD,
} from './demo-data';

export interface DemoLogins {
  store_code: string;
  admin: { username: string; password: string };
  tables: { numbers: string; password: string };
}

async function ensureDemoStore(manager: EntityManager): Promise<string> {
  await manager.query(
    `INSERT INTO stores (code, name) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING`,
    [DEMO_STORE.code, DEMO_STORE.name],
  );
  const [store] = await manager.query(`SELECT id FROM stores WHERE code = $1`, [DEMO_STORE.code]);
  return store.id as string;
}

async function ensureDemoAccounts(manager: EntityManager, storeId: string): Promise<void> {
  await manager.query(
    `INSERT INTO users (store_id, username, password_hash, role) VALUES ($1, $2, $3, 'store_admin')
     ON CONFLICT (store_id, username) DO NOTHING`,
    [storeId, DEMO_ADMIN.username, await hashPassword(DEMO_ADMIN.password)],
  );
  const tableHash = await hashPassword(DEMO_TABLE_PASSWORD);
  for (let number = 1; number <= DEMO_TABLE_COUNT; number++) {
    await manager.query(
      `INSERT INTO tables (store_id, table_number, password_hash) VALUES ($1, $2, $3)
       ON CONFLICT (store_id, table_number) DO NOTHING`,
      [storeId, number, tableHash],
    );
  }
}

async function ensureDemoMenu(manager: EntityManager, storeId: string): Promise<void> {
  for (const [categoryIndex, group] of DEMO_MENU.entries()) {
    await manager.query(
      `INSERT INTO menu_categories (store_id, name, display_order) VALUES ($1, $2, $3)
       ON CONFLICT (store_id, name) DO NOTHING`,
      [storeId, group.category, categoryIndex + 1],
    );
    const [category] = await manager.query(
      `SELECT id FROM menu_categories WHERE store_id = $1 AND name = $2`,
      [storeId, group.category],
    );
    for (const [itemIndex, item] of group.items.entries()) {
      await manager.query(
        `INSERT INTO menus (store_id, category_id, name, description, price, display_order)
         SELECT $1::uuid, $2::int, $3::varchar, $4::text, $5::int, $6::int
         WHERE NOT EXISTS (
           SELECT 1 FROM menus WHERE store_id = $1::uuid AND name = $3::varchar AND deleted_at IS NULL
         )`,
        [storeId, category.id, item.name, item.description, item.price, itemIndex + 1],
      );
    }
  }
}

/** Idempotent: running it twice leaves one demo store with the same accounts and menu. */
export async function seedDemoData(dataSource: DataSource): Promise<DemoLogins> {
  await dataSource.transaction(async (manager) => {
    const storeId = await ensureDemoStore(manager);
    await ensureDemoAccounts(manager, storeId);
    await ensureDemoMenu(manager, storeId);
  });
  return {
    store_code: DEMO_STORE.code,
    admin: { ...DEMO_ADMIN },
    tables: { numbers: `1-${DEMO_TABLE_COUNT}`, password: DEMO_TABLE_PASSWORD },
  };
}

export async function isDatabaseEmpty(dataSource: DataSource): Promise<boolean> {
  const [row] = await dataSource.query(`SELECT NOT EXISTS (SELECT 1 FROM stores) AS empty`);
  return row.empty === true;
}

/**
 * Creates the superadmin, or updates it when its password changed or it was disabled. Returns
 * what happened. Production refuses the development default password (a ConfigError).
 */
export async function ensureSuperadmin(
  dataSource: DataSource,
  credentials: { username: string; password: string },
  isProduction: boolean,
): Promise<'created' | 'updated' | 'unchanged'> {
  if (isProduction && credentials.password === DEV_SUPERADMIN.password) {
    throw new ConfigError(
      'SUPERADMIN_PASSWORD',
      'is the development default; production refuses it, choose another',
    );
  }
  const [existing] = await dataSource.query(
    `SELECT id, password_hash, is_active FROM users
     WHERE store_id IS NULL AND lower(username) = lower($1)`,
    [credentials.username],
  );
  if (existing?.is_active && (await verifyPassword(existing.password_hash, credentials.password))) {
    return 'unchanged';
  }
  const hash = await hashPassword(credentials.password);
  if (existing) {
    await dataSource.query(
      `UPDATE users SET password_hash = $2, is_active = true, token_version = token_version + 1,
         updated_at = now()
       WHERE id = $1`,
      [existing.id, hash],
    );
    return 'updated';
  }
  await dataSource.query(
    `INSERT INTO users (store_id, username, password_hash, role) VALUES (NULL, $1, $2, 'superadmin')
     ON CONFLICT (username) WHERE store_id IS NULL DO UPDATE SET password_hash = EXCLUDED.password_hash`,
    [credentials.username, hash],
  );
  return 'created';
}

/**
 * Disables (and revokes the tokens of) every active superadmin whose password is still the
 * development default — a database first started in development keeps it otherwise. For
 * production; returns the usernames disabled.
 */
export async function disableDefaultPasswordSuperadmins(dataSource: DataSource): Promise<string[]> {
  const superadmins: { id: number; username: string; password_hash: string }[] =
    await dataSource.query(
      `SELECT id, username, password_hash FROM users WHERE store_id IS NULL AND is_active`,
    );
  const disabled: string[] = [];
  for (const { id, username, password_hash: hash } of superadmins) {
    if (!(await verifyPassword(hash, DEV_SUPERADMIN.password))) continue;
    await dataSource.query(
      `UPDATE users SET is_active = false, token_version = token_version + 1, updated_at = now()
       WHERE id = $1`,
      [id],
    );
    disabled.push(username);
  }
  return disabled;
}
