import { Injectable } from '@nestjs/common';
import { AccountsService } from '../auth/accounts.service';
import { UserEntity } from '../auth/entities/user.entity';
import { AppException } from '../common/errors/app.exception';
import { StoreEntity } from './entities/store.entity';
import { StoresRepository } from './stores.repository';

@Injectable()
export class StoresService {
  constructor(
    private readonly stores: StoresRepository,
    private readonly accounts: AccountsService,
  ) {}

  async create(code: string, name: string): Promise<StoreEntity> {
    const store = await this.stores.insertIfCodeFree(code, name);
    if (!store) throw AppException.conflict(`Store code "${code}" is already taken`);
    return store;
  }

  list(): Promise<StoreEntity[]> {
    return this.stores.list();
  }

  async createAdmin(storeId: string, username: string, password: string): Promise<UserEntity> {
    if (!(await this.stores.exists(storeId))) throw AppException.notFound('Store');
    return this.accounts.createStoreAdmin(storeId, username, password);
  }
}
