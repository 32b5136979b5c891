import { Injectable } from '@nestjs/common';
import { CacheService } from '../common/cache/cache.service';
import { AppException } from '../common/errors/app.exception';
import { MenuEntity } from './entities/menu.entity';
import { itemKey, itemsKey } from './menu-cache-keys';
import {
  MenuItemChanges,
  MenuItemsRepository,
  MenuItemWriteResult,
  NewMenuItem,
} from './menu-items.repository';

/** Item writes of a store admin; each one drops the list and the item key once committed. */
@Injectable()
export class MenuItemsService {
  constructor(
    private readonly items: MenuItemsRepository,
    private readonly cache: CacheService,
  ) {}

  async create(storeId: string, item: NewMenuItem): Promise<MenuEntity> {
    const created = orThrow(await this.items.insert(storeId, item));
    await this.invalidate(storeId, created.id);
    return created;
  }

  async update(storeId: string, id: number, changes: MenuItemChanges): Promise<MenuEntity> {
    const updated = orThrow(await this.items.update(storeId, id, changes));
    await this.invalidate(storeId, id);
    return updated;
  }

  /** Soft delete: past orders keep their snapshot, the item leaves every menu view. */
  async remove(storeId: string, id: number): Promise<void> {
    if (!(await this.items.softDelete(storeId, id))) throw AppException.notFound('Menu item');
    await this.invalidate(storeId, id);
  }

  /** 404 unless the store has this live item (checked before an upload is read). */
  async requireLive(storeId: string, id: number): Promise<void> {
    if (!(await this.items.findLive(storeId, id))) throw AppException.notFound('Menu item');
  }

  invalidate(storeId: string, id: number): Promise<void> {
    return this.cache.invalidate(itemsKey(storeId), itemKey(storeId, id));
  }
}

function orThrow(result: MenuItemWriteResult): MenuEntity {
  if (result === 'item_not_found') throw AppException.notFound('Menu item');
  if (result === 'category_not_found') throw AppException.notFound('Menu category');
  return result;
}
