import { Injectable } from '@nestjs/common';
import { AppException } from '../common/errors/app.exception';
import { ErrorCode } from '../common/errors/error-code';
import { OptionGroupInputDto } from './dto/option-group.dto';
import { MenuItem } from './menu-item';
import { MenuItemsRepository } from './menu-items.repository';
import { MenuOptionsRepository, OptionChanges, OptionWithOwner } from './menu-options.repository';
import { MenuWrites } from './menu-writes.service';
import { optionGroupProblems } from './option-group.rules';

/** Option group and option writes of a store admin, announced and uncached like item writes. */
@Injectable()
export class MenuOptionsService {
  constructor(
    private readonly options: MenuOptionsRepository,
    private readonly items: MenuItemsRepository,
    private readonly writes: MenuWrites,
  ) {}

  /** PUT …/items/:id/option-groups: the whole set in one transaction; answers the item. */
  replaceGroups(storeId: string, menuId: number, groups: OptionGroupInputDto[]): Promise<MenuItem> {
    const problems = optionGroupProblems(groups);
    if (problems.length > 0) throw AppException.validationFailed(problems);
    return this.writes.write(storeId, async (manager) => {
      const result = await this.options.replaceForItem(manager, storeId, menuId, groups);
      if (result.kind === 'item_not_found') throw AppException.notFound('Menu item');
      if (result.kind === 'unknown_id') {
        throw new AppException(ErrorCode.NOT_FOUND, `No ${result.what} on this menu item`, [
          { field: result.field, message: `not an id of this item's ${result.what}` },
        ]);
      }
      const item = (await this.items.findLive(storeId, menuId, manager)) as MenuItem;
      return {
        value: item,
        changed: { entity: 'option', ids: result.optionIds, menu_ids: [menuId] },
      };
    });
  }

  update(storeId: string, id: number, changes: OptionChanges): Promise<OptionWithOwner> {
    return this.writes.write(storeId, async (manager) => {
      const option = await this.options.update(manager, storeId, id, changes);
      if (option === 'not_found') throw AppException.notFound('Option');
      if (option === 'duplicate_name') {
        throw AppException.conflict(`The group already has an option named "${changes.name}"`);
      }
      return {
        value: option,
        changed: { entity: 'option', ids: [option.id], menu_ids: [option.menu_id] },
      };
    });
  }
}
