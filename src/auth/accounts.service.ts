import { Injectable } from '@nestjs/common';
import { AppException } from '../common/errors/app.exception';
import { hashPassword } from '../common/security/passwords';
import { AccountsRepository } from './accounts.repository';
import { UserEntity } from './entities/user.entity';

/** Account management other modules may call (the superadmin creates store admins). */
@Injectable()
export class AccountsService {
  constructor(private readonly accounts: AccountsRepository) {}

  async createStoreAdmin(storeId: string, username: string, password: string): Promise<UserEntity> {
    const created = await this.accounts.insertStoreAdminIfFree(
      storeId,
      username,
      await hashPassword(password),
    );
    if (!created)
      throw AppException.conflict(`Username "${username}" already exists in this store`);
    return created;
  }
}
