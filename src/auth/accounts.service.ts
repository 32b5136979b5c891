import { Injectable } from '@nestjs/common';
import { AppException } from '../common/errors/app.exception';
import { hashPassword } from '../common/security/passwords';
import { AccountsRepository } from './accounts.repository';
import { UserEntity } from './entities/user.entity';
import { LoginLockout } from './login/login-lockout.service';
import { TokenVersionService } from './revocation/token-version.service';

/** A store admin's account as other modules see it (no password hash, no lockout state). */
export interface StoreAdminAccount {
  id: number;
  store_id: string;
  username: string;
  is_active: boolean;
  created_at: Date;
}

function storeAdminAccount(user: UserEntity, storeId: string): StoreAdminAccount {
  return {
    id: user.id,
    store_id: storeId,
    username: user.username,
    is_active: user.is_active,
    created_at: user.created_at,
  };
}

/** Account management other modules may call (the superadmin manages store admins). */
@Injectable()
export class AccountsService {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly tokenVersions: TokenVersionService,
    private readonly lockout: LoginLockout,
  ) {}

  async createStoreAdmin(
    storeId: string,
    username: string,
    password: string,
  ): Promise<StoreAdminAccount> {
    const created = await this.accounts.insertStoreAdminIfFree(
      storeId,
      username,
      await hashPassword(password),
    );
    if (!created)
      throw AppException.conflict(`Username "${username}" already exists in this store`);
    return storeAdminAccount(created, storeId);
  }

  async listStoreAdmins(storeId: string): Promise<StoreAdminAccount[]> {
    const admins = await this.accounts.listStoreAdmins(storeId);
    return admins.map((admin) => storeAdminAccount(admin, storeId));
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
  ): Promise<StoreAdminAccount> {
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
    return storeAdminAccount(updated, storeId);
  }
}
