import { Injectable } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CacheService } from '../common/cache/cache.service';
import { OutboxWriter } from '../outbox/outbox-writer.service';
import { categoriesKey, itemKey, itemsKey } from './menu-cache-keys';

export const MENU_CHANGED_ENTITIES = ['menu_item', 'menu_category', 'option'] as const;
export type MenuChangedEntity = (typeof MENU_CHANGED_ENTITIES)[number];

/**
 * `data` of menu.changed (docs/decisions.md, 'Menu options'): what changed, so a tablet refetches
 * it. Option changes also name the items they belong to (`menu_ids`), which is what a tablet
 * reloads.
 */
export class MenuChangedData {
  @ApiProperty({ enum: MENU_CHANGED_ENTITIES, enumName: 'MenuChangedEntity', example: 'menu_item' })
  entity: MenuChangedEntity;
  @ApiProperty({ type: Number, isArray: true, example: [1] }) ids: number[];
  @ApiPropertyOptional({
    type: Number,
    isArray: true,
    description: 'Items whose options changed',
    example: [1],
  })
  menu_ids?: number[];
}

export interface MenuWriteOutcome<T> {
  value: T;
  changed: MenuChangedData;
}

/** The cached views (keys `{store_id}:{entity}:{id}`) a change makes stale. */
function staleKeys(storeId: string, changed: MenuChangedData): string[] {
  switch (changed.entity) {
    case 'menu_category':
      // A deleted category must also leave the item views (its ?category_id= filter is a 404).
      return [categoriesKey(storeId), itemsKey(storeId)];
    case 'menu_item':
      return [itemsKey(storeId), ...changed.ids.map((id) => itemKey(storeId, id))];
    case 'option':
      return [itemsKey(storeId), ...(changed.menu_ids ?? []).map((id) => itemKey(storeId, id))];
  }
}

/**
 * Every write to a store's menu goes through here: the change and its `menu.changed` outbox event
 * commit in one transaction (a write that fails, e.g. a 404 thrown inside, announces nothing),
 * then the cached views it touched are dropped, so the next read on any instance sees it.
 */
@Injectable()
export class MenuWrites {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly cache: CacheService,
  ) {}

  async write<T>(
    storeId: string,
    work: (manager: EntityManager) => Promise<MenuWriteOutcome<T>>,
  ): Promise<T> {
    const { value, changed } = await this.dataSource.transaction(async (manager) => {
      const outcome = await work(manager);
      await this.announce(manager, storeId, outcome.changed);
      return outcome;
    });
    await this.invalidate(storeId, changed);
    return value;
  }

  /** Writes menu.changed in the caller's transaction (for writes that are not one of ours). */
  announce(manager: EntityManager, storeId: string, changed: MenuChangedData): Promise<unknown> {
    return this.outbox.append<MenuChangedData>(manager, {
      routingKey: 'menu.changed',
      storeId,
      data: changed,
    });
  }

  /** Drops the views a committed change made stale. */
  invalidate(storeId: string, changed: MenuChangedData): Promise<void> {
    return this.cache.invalidate(...staleKeys(storeId, changed));
  }
}
