import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export type VersionedKind = 'users' | 'tables';

/**
 * The version a principal's tokens must carry: null when the account or table no longer
 * exists, or it or its store is deactivated (every token of it is revoked).
 */
export interface CurrentVersion {
  version: number | null;
}

@Injectable()
export class TokenVersionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One primary-key look-up joined to the store's row (also by primary key). */
  async current(kind: VersionedKind, id: number): Promise<CurrentVersion> {
    const rows: { token_version: number; active: boolean }[] =
      kind === 'users'
        ? await this.dataSource.query(
            `/* query:auth.userTokenVersion */
             SELECT u.token_version, u.is_active AND coalesce(s.is_active, true) AS active
             FROM users u LEFT JOIN stores s ON s.id = u.store_id WHERE u.id = $1`,
            [id],
          )
        : await this.dataSource.query(
            `/* query:auth.tableTokenVersion */
             SELECT t.token_version, s.is_active AS active
             FROM tables t JOIN stores s ON s.id = t.store_id WHERE t.id = $1`,
            [id],
          );
    const row = rows[0];
    return { version: row?.active ? row.token_version : null };
  }

  /** Revokes every token of every account and table of the store. */
  async bumpStore(manager: EntityManager, storeId: string): Promise<void> {
    await manager.query(
      `/* query:auth.bumpStoreUserVersions */
       UPDATE users SET token_version = token_version + 1, updated_at = now() WHERE store_id = $1`,
      [storeId],
    );
    await manager.query(
      `/* query:auth.bumpStoreTableVersions */
       UPDATE tables SET token_version = token_version + 1, updated_at = now() WHERE store_id = $1`,
      [storeId],
    );
  }
}
