import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Where the credentials live: accounts (users) or tablets (tables). */
export type CredentialTable = 'users' | 'tables';

export interface LoginCandidate {
  id: number;
  store_id: string | null;
  password_hash: string;
  token_version: number;
}

export type StoreAccountCandidate = LoginCandidate & { store_id: string };
export type TableCandidate = StoreAccountCandidate & { table_number: number };

/** Credential look-ups: a deactivated account, or any of a deactivated store, is not found. */
@Injectable()
export class CredentialsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findSuperadmin(username: string): Promise<LoginCandidate | null> {
    const rows = await this.dataSource.query(
      `/* query:auth.findSuperadmin */
       SELECT id, store_id, password_hash, token_version
       FROM users
       WHERE store_id IS NULL AND role = 'superadmin' AND lower(username) = lower($1) AND is_active`,
      [username],
    );
    return rows[0] ?? null;
  }

  async findStoreAdmin(storeCode: string, username: string): Promise<StoreAccountCandidate | null> {
    const rows = await this.dataSource.query(
      `/* query:auth.findStoreAdmin */
       SELECT u.id, u.store_id, u.password_hash, u.token_version
       FROM users u JOIN stores s ON s.id = u.store_id
       WHERE s.code = $1 AND lower(u.username) = lower($2) AND u.role = 'store_admin'
         AND u.is_active AND s.is_active`,
      [storeCode, username],
    );
    return rows[0] ?? null;
  }

  async findTable(storeCode: string, tableNumber: number): Promise<TableCandidate | null> {
    const rows = await this.dataSource.query(
      `/* query:auth.findTable */
       SELECT t.id, t.store_id, t.table_number, t.password_hash, t.token_version
       FROM tables t JOIN stores s ON s.id = t.store_id
       WHERE s.code = $1 AND t.table_number = $2 AND s.is_active`,
      [storeCode, tableNumber],
    );
    return rows[0] ?? null;
  }
}
