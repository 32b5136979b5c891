import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { isUniqueViolation } from '../common/errors/postgres-error';
import { OptionGroupInputDto, OptionInputDto } from './dto/option-group.dto';
import { MenuOptionView } from './menu-item';

export const OPTION_NAME_UNIQUE = 'uq_menu_options_group_name';

export interface OptionChanges {
  name?: string;
  price_delta?: number;
  is_available?: boolean;
}

export type OptionWithOwner = MenuOptionView & { group_id: number; menu_id: number };

export type ReplaceGroupsResult =
  | { kind: 'replaced'; optionIds: number[] }
  | { kind: 'item_not_found' }
  /** A group or option id that is not this item's (or not that group's): `field` names it. */
  | { kind: 'unknown_id'; field: string; what: string };

export type OptionUpdateResult = OptionWithOwner | 'not_found' | 'duplicate_name';

interface ExistingOption {
  group_id: number;
  option_id: number | null;
}

/** A sent group or option with its display order settled. */
type Placed<T extends { display_order?: number }> = T & { display_order: number };

/** Each entry keeps an explicit `display_order`; one sent without takes its position in `list`. */
function inSentOrder<T extends { display_order?: number }>(list: T[]): Placed<T>[] {
  return list.map((entry, position) => ({
    ...entry,
    display_order: entry.display_order ?? position,
  }));
}

/** Option groups and options of menu items; every statement is scoped by store and item. */
@Injectable()
export class MenuOptionsRepository {
  /**
   * Replaces the item's groups with `groups` in the caller's transaction: groups and options sent
   * with an id are kept (and updated), the others are created, the ones left out are removed. The
   * item row is locked first, so two replacements of one item run one after the other. A group
   * sent without `display_order` takes its position in `groups` (options: in their group's list).
   */
  async replaceForItem(
    manager: EntityManager,
    storeId: string,
    menuId: number,
    groups: OptionGroupInputDto[],
  ): Promise<ReplaceGroupsResult> {
    const locked: unknown[] = await manager.query(
      `/* query:menu.lockItemForOptions */ SELECT id FROM menus WHERE id = $1 AND store_id = $2 AND deleted_at IS NULL FOR UPDATE`,
      [menuId, storeId],
    );
    if (locked.length === 0) return { kind: 'item_not_found' };
    const existing: ExistingOption[] = await manager.query(
      `/* query:menu.itemOptionIds */ SELECT g.id AS group_id, o.id AS option_id
         FROM menu_option_groups g LEFT JOIN menu_options o ON o.group_id = g.id
        WHERE g.menu_id = $1`,
      [menuId],
    );
    const unknown = unknownId(existing, groups);
    if (unknown) return unknown;

    const keptGroupIds = groups.flatMap((group) => (group.id === undefined ? [] : [group.id]));
    const keptOptionIds = groups.flatMap((group) =>
      group.options.flatMap((option) => (option.id === undefined ? [] : [option.id])),
    );
    await manager.query(
      `/* query:menu.deleteLeftOutGroups */ DELETE FROM menu_option_groups WHERE menu_id = $1 AND NOT (id = ANY($2::int[]))`,
      [menuId, keptGroupIds],
    );
    await manager.query(
      `/* query:menu.deleteLeftOutOptions */ DELETE FROM menu_options WHERE menu_id = $1 AND NOT (id = ANY($2::int[]))`,
      [menuId, keptOptionIds],
    );
    const touched = new Set(existing.flatMap((row) => (row.option_id ? [row.option_id] : [])));
    for (const group of inSentOrder(groups)) {
      const groupId = await this.saveGroup(manager, storeId, menuId, group);
      const options = inSentOrder(group.options);
      for (const id of await this.saveOptions(manager, storeId, menuId, groupId, options)) {
        touched.add(id);
      }
    }
    return { kind: 'replaced', optionIds: [...touched].sort((a, b) => a - b) };
  }

  /** Partial update of one option of a live item of the store. */
  async update(
    manager: EntityManager,
    storeId: string,
    id: number,
    changes: OptionChanges,
  ): Promise<OptionUpdateResult> {
    try {
      // Checked now rather than at commit, so a taken name is a 409 and not a failed commit.
      await manager.query(
        `/* query:menu.checkOptionNamesNow */ SET CONSTRAINTS ${OPTION_NAME_UNIQUE} IMMEDIATE`,
      );
      const rows: OptionWithOwner[] = await manager.query(
        `/* query:menu.updateOption */ WITH updated AS (
           UPDATE menu_options o
              SET name = COALESCE($3, o.name),
                  price_delta = COALESCE($4, o.price_delta),
                  is_available = COALESCE($5, o.is_available),
                  updated_at = now()
             FROM menus m
            WHERE o.id = $1 AND o.store_id = $2 AND m.id = o.menu_id AND m.deleted_at IS NULL
        RETURNING o.id, o.group_id, o.menu_id, o.name, o.price_delta, o.is_available, o.display_order)
         SELECT * FROM updated`,
        [
          id,
          storeId,
          changes.name ?? null,
          changes.price_delta ?? null,
          changes.is_available ?? null,
        ],
      );
      return rows[0] ?? 'not_found';
    } catch (error) {
      if (isUniqueViolation(error, OPTION_NAME_UNIQUE)) return 'duplicate_name';
      throw error;
    }
  }

  private async saveGroup(
    manager: EntityManager,
    storeId: string,
    menuId: number,
    group: Placed<OptionGroupInputDto>,
  ): Promise<number> {
    const values = [group.name, group.min_select ?? 0, group.max_select, group.display_order];
    if (group.id !== undefined) {
      await manager.query(
        `/* query:menu.updateOptionGroup */ UPDATE menu_option_groups
            SET name = $2, min_select = $3, max_select = $4, display_order = $5, updated_at = now()
          WHERE id = $1`,
        [group.id, ...values],
      );
      return group.id;
    }
    const [row]: { id: number }[] = await manager.query(
      `/* query:menu.insertOptionGroup */ INSERT INTO menu_option_groups
         (store_id, menu_id, name, min_select, max_select, display_order)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [storeId, menuId, ...values],
    );
    return row.id;
  }

  /** Updates the kept options and inserts the new ones (one statement each); returns their ids. */
  private async saveOptions(
    manager: EntityManager,
    storeId: string,
    menuId: number,
    groupId: number,
    options: Placed<OptionInputDto>[],
  ): Promise<number[]> {
    const kept = options.filter((option) => option.id !== undefined);
    const added = options.filter((option) => option.id === undefined);
    const columns = (list: Placed<OptionInputDto>[]) => [
      list.map((option) => option.name),
      list.map((option) => option.price_delta ?? 0),
      list.map((option) => option.is_available ?? true),
      list.map((option) => option.display_order),
    ];
    const ids = kept.map((option) => option.id as number);
    if (kept.length > 0) {
      await manager.query(
        `/* query:menu.updateOptions */ UPDATE menu_options o
            SET name = v.name, price_delta = v.price_delta, is_available = v.is_available,
                display_order = v.display_order, updated_at = now()
           FROM unnest($1::int[], $2::varchar[], $3::int[], $4::boolean[], $5::int[])
                  AS v(id, name, price_delta, is_available, display_order)
          WHERE o.id = v.id`,
        [ids, ...columns(kept)],
      );
    }
    if (added.length > 0) {
      const rows: { id: number }[] = await manager.query(
        `/* query:menu.insertOptions */ INSERT INTO menu_options
           (store_id, menu_id, group_id, name, price_delta, is_available, display_order)
         SELECT $1, $2, $3, v.name, v.price_delta, v.is_available, v.display_order
           FROM unnest($4::varchar[], $5::int[], $6::boolean[], $7::int[])
                  WITH ORDINALITY AS v(name, price_delta, is_available, display_order, position)
          ORDER BY v.position
         RETURNING id`,
        [storeId, menuId, groupId, ...columns(added)],
      );
      ids.push(...rows.map((row) => row.id));
    }
    return ids;
  }
}

/** The first sent id that is not one of the item's groups, or not an option of that group. */
function unknownId(
  existing: ExistingOption[],
  groups: OptionGroupInputDto[],
): ReplaceGroupsResult | undefined {
  const groupIds = new Set(existing.map((row) => row.group_id));
  const groupOfOption = new Map(
    existing.flatMap((row) => (row.option_id ? [[row.option_id, row.group_id] as const] : [])),
  );
  for (const [g, group] of groups.entries()) {
    if (group.id !== undefined && !groupIds.has(group.id)) {
      return { kind: 'unknown_id', field: `groups.${g}.id`, what: `option group ${group.id}` };
    }
    for (const [o, option] of group.options.entries()) {
      if (option.id === undefined) continue;
      if (group.id === undefined || groupOfOption.get(option.id) !== group.id) {
        return {
          kind: 'unknown_id',
          field: `groups.${g}.options.${o}.id`,
          what: `option ${option.id} of this group`,
        };
      }
    }
  }
  return undefined;
}
