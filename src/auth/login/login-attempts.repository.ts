import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Both accounts (users) and tablets (tables) carry failed_logins / locked_until. */
export type CredentialTable = 'users' | 'tables';

export interface LoginCandidate {
  id: number;
  store_id: string | null;
  password_hash: string;
  locked_until: Date | null;
  failed_logins: number;
  token_version: number;
  table_number?: number;
}

/**
 * Credential look-ups (a deactivated account, or any of a deactivated store, is not found) and
 * the lockout counters. State lives in PostgreSQL so every instance
 * sees the same count; each update is one atomic statement.
 */
@Injectable()
export class LoginAttemptsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findSuperadmin(username: string): Promise<LoginCandidate | null> {
    const rows = await this.dataSource.query(
      `/* query:auth.findSuperadmin */
       SELECT id, store_id, password_hash, locked_until, failed_logins, token_version
       FROM users
       WHERE store_id IS NULL AND role = 'superadmin' AND lower(username) = lower($1) AND is_active`,
      [username],
    );
    return rows[0] ?? null;
  }

  async findStoreAdmin(storeCode: string, username: string): Promise<LoginCandidate | null> {
    const rows = await this.dataSource.query(
      `/* query:auth.findStoreAdmin */
       SELECT u.id, u.store_id, u.password_hash, u.locked_until, u.failed_logins, u.token_version
       FROM users u JOIN stores s ON s.id = u.store_id
       WHERE s.code = $1 AND lower(u.username) = lower($2) AND u.role = 'store_admin'
         AND u.is_active AND s.is_active`,
      [storeCode, username],
    );
    return rows[0] ?? null;
  }

  async findTable(storeCode: string, tableNumber: number): Promise<LoginCandidate | null> {
    const rows = await this.dataSource.query(
      `/* query:auth.findTable */
       SELECT t.id, t.store_id, t.table_number, t.password_hash, t.locked_until, t.failed_logins,
              t.token_version
       FROM tables t JOIN stores s ON s.id = t.store_id
       WHERE s.code = $1 AND t.table_number = $2 AND s.is_active`,
      [storeCode, tableNumber],
    );
    return rows[0] ?? null;
  }

  /**
   * Counts one failure; the `maxFailures`-th consecutive failure locks for `lockSeconds`.
   * A failure after an expired lock starts a new count. Returns the lock end, if now locked.
   */
  async recordFailure(
    table: CredentialTable,
    id: number,
    maxFailures: number,
    lockSeconds: number,
  ): Promise<Date | null> {
    // For UPDATE … RETURNING, TypeORM's postgres driver answers [rows, affectedCount].
    const [updated]: [{ locked_until: Date | null }[], number] = await this.dataSource.query(
      `/* query:auth.recordFailure */
       UPDATE ${table} SET
         failed_logins = CASE WHEN locked_until IS NOT NULL AND locked_until <= now() THEN 1
                              ELSE failed_logins + 1 END,
         locked_until = CASE
           WHEN (CASE WHEN locked_until IS NOT NULL AND locked_until <= now() THEN 1
                      ELSE failed_logins + 1 END) >= $2
           THEN now() + make_interval(secs => $3)
           ELSE NULL END
       WHERE id = $1
       RETURNING locked_until`,
      [id, maxFailures, lockSeconds],
    );
    return updated[0]?.locked_until ?? null;
  }

  async recordSuccess(table: CredentialTable, id: number): Promise<void> {
    await this.dataSource.query(
      `/* query:auth.recordSuccess */
       UPDATE ${table} SET failed_logins = 0, locked_until = NULL
       WHERE id = $1 AND (failed_logins <> 0 OR locked_until IS NOT NULL)`,
      [id],
    );
  }
}
