import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { UserEntity } from './entities/user.entity';

@Injectable()
export class AccountsRepository {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  /** Returns null when the username is taken in that store. */
  async insertStoreAdminIfFree(
    storeId: string,
    username: string,
    passwordHash: string,
  ): Promise<UserEntity | null> {
    const result = await this.users
      .createQueryBuilder()
      .insert()
      .values({ store_id: storeId, username, password_hash: passwordHash, role: 'store_admin' })
      .orIgnore()
      .returning('*')
      .execute();
    const row = result.raw[0];
    return row ? this.users.create(row as UserEntity) : null;
  }
}
