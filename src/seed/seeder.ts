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
import { SeedRepository } from './seed.repository';

export interface DemoLogins {
  store_code: string;
  admin: { username: string; password: string };
  tables: { numbers: string; password: string };
}

async function ensureDemoAccounts(
  seeds: SeedRepository,
  manager: EntityManager,
  storeId: string,
): Promise<void> {
  await seeds.ensureStoreAdmin(
    manager,
    storeId,
    DEMO_ADMIN.username,
    await hashPassword(DEMO_ADMIN.password),
  );
  const tableHash = await hashPassword(DEMO_TABLE_PASSWORD);
  for (let number = 1; number <= DEMO_TABLE_COUNT; number++) {
    await seeds.ensureTable(manager, storeId, number, tableHash);
  }
}

async function ensureDemoMenu(
  seeds: SeedRepository,
  manager: EntityManager,
  storeId: string,
): Promise<void> {
  for (const [categoryIndex, group] of DEMO_MENU.entries()) {
    const categoryId = await seeds.ensureCategory(
      manager,
      storeId,
      group.category,
      categoryIndex + 1,
    );
    for (const [itemIndex, item] of group.items.entries()) {
      await seeds.ensureMenuItem(manager, storeId, categoryId, {
        ...item,
        displayOrder: itemIndex + 1,
      });
    }
  }
}

/** Idempotent: running it twice leaves one demo store with the same accounts and menu. */
export async function seedDemoData(dataSource: DataSource): Promise<DemoLogins> {
  const seeds = new SeedRepository(dataSource);
  await dataSource.transaction(async (manager) => {
    const storeId = await seeds.ensureStore(manager, DEMO_STORE.code, DEMO_STORE.name);
    await ensureDemoAccounts(seeds, manager, storeId);
    await ensureDemoMenu(seeds, manager, storeId);
  });
  return {
    store_code: DEMO_STORE.code,
    admin: { ...DEMO_ADMIN },
    tables: { numbers: `1-${DEMO_TABLE_COUNT}`, password: DEMO_TABLE_PASSWORD },
  };
}

export async function isDatabaseEmpty(dataSource: DataSource): Promise<boolean> {
  return new SeedRepository(dataSource).hasNoStores();
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
  const seeds = new SeedRepository(dataSource);
  const existing = await seeds.findSuperadmin(credentials.username);
  if (existing?.is_active && (await verifyPassword(existing.password_hash, credentials.password))) {
    return 'unchanged';
  }
  const hash = await hashPassword(credentials.password);
  if (existing) {
    await seeds.restoreSuperadmin(existing.id, hash);
    return 'updated';
  }
  await seeds.insertSuperadmin(credentials.username, hash);
  return 'created';
}

/**
 * Disables (and revokes the tokens of) every active superadmin whose password is still the
 * development default — a database first started in development keeps it otherwise. For
 * production; returns the usernames disabled.
 */
export async function disableDefaultPasswordSuperadmins(dataSource: DataSource): Promise<string[]> {
  const seeds = new SeedRepository(dataSource);
  const disabled: string[] = [];
  for (const { id, username, password_hash: hash } of await seeds.activeSuperadmins()) {
    if (!(await verifyPassword(hash, DEV_SUPERADMIN.password))) continue;
    await seeds.disableSuperadmin(id);
    disabled.push(username);
  }
  return disabled;
}
