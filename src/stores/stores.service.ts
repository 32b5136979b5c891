import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccountsService, StoreAdminAccount } from '../auth/accounts.service';
import { TokenVersionService } from '../auth/revocation/token-version.service';
import { AppException } from '../common/errors/app.exception';
import { StoreEntity } from './entities/store.entity';
import { StoresRepository } from './stores.repository';

@Injectable()
export class StoresService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly stores: StoresRepository,
    private readonly accounts: AccountsService,
    private readonly tokenVersions: TokenVersionService,
  ) {}

  async create(code: string, name: string): Promise<StoreEntity> {
    const store = await this.stores.insertIfCodeFree(code, name);
    if (!store) throw AppException.conflict(`Store code "${code}" is already taken`);
    return store;
  }

  list(): Promise<StoreEntity[]> {
    return this.stores.list();
  }

  /**
   * Deactivating refuses the store's logins and revokes every token of its admins and tables
   * (their versions are raised in the same transaction, so reactivating does not revive them).
   */
  async setActive(storeId: string, isActive: boolean): Promise<StoreEntity> {
    const store = await this.dataSource.transaction(async (manager) => {
      const updated = await this.stores.setActive(manager, storeId, isActive);
      if (updated && !isActive) await this.tokenVersions.raiseForStore(manager, storeId);
      return updated;
    });
    if (!store) throw AppException.notFound('Store');
    if (!isActive) await this.tokenVersions.storeRevoked(storeId);
    return store;
  }

  async createAdmin(
    storeId: string,
    username: string,
    password: string,
  ): Promise<StoreAdminAccount> {
    await this.assertExists(storeId);
    return this.accounts.createStoreAdmin(storeId, username, password);
  }

  async listAdmins(storeId: string): Promise<StoreAdminAccount[]> {
    await this.assertExists(storeId);
    return this.accounts.listStoreAdmins(storeId);
  }

  updateAdmin(
    storeId: string,
    adminId: number,
    changes: { password?: string; is_active?: boolean },
  ): Promise<StoreAdminAccount> {
    return this.accounts.updateStoreAdmin(storeId, adminId, changes);
  }

  private async assertExists(storeId: string): Promise<void> {
    if (!(await this.stores.exists(storeId))) throw AppException.notFound('Store');
  }
}
