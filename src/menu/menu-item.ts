import { MenuEntity } from './entities/menu.entity';

export interface MenuOptionView {
  id: number;
  name: string;
  price_delta: number;
  is_available: boolean;
  display_order: number;
}

export interface MenuOptionGroupView {
  id: number;
  name: string;
  min_select: number;
  max_select: number;
  display_order: number;
  options: MenuOptionView[];
}

/** A menu row with its option groups, as every item read of the menu returns it. */
export type MenuItem = MenuEntity & { option_groups: MenuOptionGroupView[] };

/** Sold out right now: switched off, or sold out until a time still ahead. */
export function isOrderableAt(
  item: { is_available: boolean; sold_out_until: Date | string | null },
  now: number,
): boolean {
  return (
    item.is_available &&
    (item.sold_out_until === null || new Date(item.sold_out_until).getTime() <= now)
  );
}

/**
 * The earliest instant after `now` at which one of these items becomes orderable by itself (its
 * sold_out_until passes), or null: until then a table's view of them stays what it is now.
 */
export function nextSoldOutEnd(
  items: readonly { is_available: boolean; sold_out_until: Date | string | null }[],
  now: number,
): number | null {
  let next: number | null = null;
  for (const item of items) {
    if (!item.is_available || item.sold_out_until === null) continue;
    const end = new Date(item.sold_out_until).getTime();
    if (end > now && (next === null || end < next)) next = end;
  }
  return next;
}
