import { Injectable } from '@nestjs/common';
import { AppException } from '../common/errors/app.exception';
import { MenuItem } from './menu-item';
import {
  MenuItemChanges,
  MenuItemsRepository,
  MenuItemWriteResult,
  NewMenuItem,
} from './menu-items.repository';
import { MenuWrites } from './menu-writes.service';
import { SoldOutReleaser } from './sold-out-releaser.service';

/** Item writes of a store admin, each announced (menu.changed) and uncached by MenuWrites. */
@Injectable()
export class MenuItemsService {
  constructor(
    private readonly items: MenuItemsRepository,
    private readonly writes: MenuWrites,
    private readonly soldOut: SoldOutReleaser,
  ) {}

  async create(storeId: string, item: NewMenuItem): Promise<MenuItem> {
    const created = await this.writes.write(storeId, async (manager) =>
      itemChanged(orThrow(await this.items.insert(manager, storeId, item))),
    );
    if (item.sold_out_until) this.soldOut.wake();
    return created;
  }

  async update(storeId: string, id: number, changes: MenuItemChanges): Promise<MenuItem> {
    const updated = await this.writes.write(storeId, async (manager) =>
      itemChanged(orThrow(await this.items.update(manager, storeId, id, changes))),
    );
    if (changes.sold_out_until) this.soldOut.wake();
    return updated;
  }

  /** Soft delete: past orders keep their snapshot, the item leaves every menu view. */
  async remove(storeId: string, id: number): Promise<void> {
    await this.writes.write(storeId, async (manager) => {
      if (!(await this.items.softDelete(manager, storeId, id))) {
        throw AppException.notFound('Menu item');
      }
      return { value: undefined, changed: { entity: 'menu_item', ids: [id] } };
    });
  }

  /** 404 unless the store has this live item (checked before an upload is read). */
  async requireLive(storeId: string, id: number): Promise<void> {
    if (!(await this.items.findLive(storeId, id))) throw AppException.notFound('Menu item');
  }
}

function itemChanged(item: MenuItem) {
  return { value: item, changed: { entity: 'menu_item' as const, ids: [item.id] } };
}

function orThrow(result: MenuItemWriteResult): MenuItem {
  if (result === 'item_not_found') throw AppException.notFound('Menu item');
  if (result === 'category_not_found') throw AppException.notFound('Menu category');
  return result;
}
