import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { UserEntity } from './entities/user.entity';

export interface StoreAdminChanges {
  passwordHash?: string;
  isActive?: boolean;
}

@Injectable()
export class AccountsRepository {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  /** Returns null when the username is taken in that store (in any case). */
  async insertStoreAdminIfFree(
    storeId: string,
    username: string,
    passwordHash: string,
  ): Promise<UserEntity | null> {
    const result = await this.users
      .createQueryBuilder()
      .comment('query:accounts.insertStoreAdminIfFree')
      .insert()
      .values({ store_id: storeId, username, password_hash: passwordHash, role: 'store_admin' })
      .orIgnore()
      .returning('*')
      .execute();
    const row = result.raw[0];
    return row ? this.users.create(row as UserEntity) : null;
  }

  listStoreAdmins(storeId: string): Promise<UserEntity[]> {
    return this.users.find({
      where: { store_id: storeId, role: 'store_admin' },
      order: { username: 'ASC', id: 'ASC' },
    });
  }

  /**
   * Applies the changes in one statement; a new password or a deactivation raises the token
   * version (revoking earlier tokens). Null when the store has no such admin.
   */
  async updateStoreAdmin(
    storeId: string,
    id: number,
    changes: StoreAdminChanges,
  ): Promise<UserEntity | null> {
    const [rows]: [UserEntity[], number] = await this.users.query(
      `/* query:accounts.updateStoreAdmin */
       UPDATE users SET
         password_hash = COALESCE($3, password_hash),
         is_active = COALESCE($4, is_active),
         token_version = token_version
           + CASE WHEN $3::text IS NOT NULL OR $4::boolean = false THEN 1 ELSE 0 END,
         updated_at = now()
       WHERE store_id = $1 AND id = $2 AND role = 'store_admin'
       RETURNING *`,
      [storeId, id, changes.passwordHash ?? null, changes.isActive ?? null],
    );
    return rows[0] ? this.users.create(rows[0]) : null;
  }
}
