import { Injectable } from '@nestjs/common';
import { AppException } from '../common/errors/app.exception';
import { hashPassword } from '../common/security/passwords';
import { AccountsRepository } from './accounts.repository';
import { UserEntity } from './entities/user.entity';
import { LoginLockout } from './login/login-lockout';
import { TokenVersionService } from './revocation/token-version.service';

/** Account management other modules may call (the superadmin manages store admins). */
@Injectable()
export class AccountsService {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly tokenVersions: TokenVersionService,
    private readonly lockout: LoginLockout,
  ) {}

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

  listStoreAdmins(storeId: string): Promise<UserEntity[]> {
    return this.accounts.listStoreAdmins(storeId);
  }

  /**
   * Sets a new password and/or (de)activates the admin. A new password or a deactivation
   * revokes the admin's earlier tokens on every instance; a deactivated admin cannot log in. A
   * new password also lifts the admin's login lockout.
   */
  async updateStoreAdmin(
    storeId: string,
    id: number,
    changes: { password?: string; is_active?: boolean },
  ): Promise<UserEntity> {
    const updated = await this.accounts.updateStoreAdmin(storeId, id, {
      passwordHash:
        changes.password === undefined ? undefined : await hashPassword(changes.password),
      isActive: changes.is_active,
    });
    if (!updated) throw AppException.notFound('Store admin');
    if (changes.password !== undefined || changes.is_active === false) {
      await this.tokenVersions.revoked({ role: 'store_admin', sub: String(id), store_id: storeId });
    }
    if (changes.password !== undefined) {
      await this.lockout.lift(LoginLockout.accountSubject('users', id));
    }
    return updated;
  }
}
