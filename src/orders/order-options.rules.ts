import { ErrorDetail } from '../common/errors/app.exception';
import { OrderedOption } from './entities/order-item.entity';
import { OrderableOptionGroup } from './order-menus.repository';

/** Why a line's options are refused (422 INVALID_OPTIONS details carry it as `rule`). */
export const OPTION_RULES = [
  'min_select',
  'max_select',
  'repeated_option',
  'foreign_option',
  'unavailable_option',
  'unit_price_range',
] as const;
export type OptionRule = (typeof OPTION_RULES)[number];

export interface OptionProblem extends ErrorDetail {
  field: string;
  line: number;
  rule: OptionRule;
  group_id: number | null;
  group: string | null;
  option_id?: number;
}

export interface LineChoice {
  menu_id: number;
  price: number;
  option_ids: readonly number[];
}

export type PricedLine =
  | { ok: true; unit_price: number; options: OrderedOption[] }
  | { ok: false; problems: OptionProblem[] };

export const MAX_UNIT_PRICE = 10_000_000;

/**
 * Judges one order line's options against its menu's groups (see docs/decisions.md,
 * 'Ordering with options and notes'): every option belongs
 * to that menu and is available, none repeats, each group's count is within [min_select,
 * max_select]. A valid line is priced `price + Σ price_delta` with its options snapshotted
 * (group name, name, delta) in menu order.
 */
export function priceLine(
  line: number,
  choice: LineChoice,
  groups: readonly OrderableOptionGroup[],
): PricedLine {
  const field = `items.${line}.option_ids`;
  const problems: OptionProblem[] = [];
  const problem = (
    rule: OptionRule,
    group: OrderableOptionGroup | null,
    message: string,
    optionId?: number,
  ) =>
    problems.push({
      field,
      line,
      rule,
      group_id: group?.id ?? null,
      group: group?.name ?? null,
      ...(optionId === undefined ? {} : { option_id: optionId }),
      message,
    });

  const groupOf = new Map<number, OrderableOptionGroup>();
  for (const group of groups) for (const option of group.options) groupOf.set(option.id, group);
  const chosen = new Set<number>();
  for (const optionId of choice.option_ids) {
    const group = groupOf.get(optionId);
    if (chosen.has(optionId)) {
      problem('repeated_option', group ?? null, `option ${optionId} is chosen twice`, optionId);
      continue;
    }
    chosen.add(optionId);
    if (!group) {
      problem(
        'foreign_option',
        null,
        `option ${optionId} is not an option of menu ${choice.menu_id}`,
        optionId,
      );
    } else if (!group.options.find((option) => option.id === optionId)!.is_available) {
      problem('unavailable_option', group, `option ${optionId} is sold out`, optionId);
    }
  }

  const options: OrderedOption[] = [];
  for (const group of groups) {
    const picked = group.options.filter((option) => chosen.has(option.id));
    if (picked.length < group.min_select) {
      problem(
        'min_select',
        group,
        group.min_select === 1 && group.max_select === 1
          ? `choose one option of "${group.name}"`
          : `choose at least ${optionCount(group.min_select)} of "${group.name}"`,
      );
    }
    if (picked.length > group.max_select) {
      problem(
        'max_select',
        group,
        `choose at most ${optionCount(group.max_select)} of "${group.name}" (${picked.length} chosen)`,
      );
    }
    for (const option of picked) {
      options.push({
        id: option.id,
        group_name: group.name,
        name: option.name,
        price_delta: option.price_delta,
      });
    }
  }
  if (problems.length > 0) return { ok: false, problems };

  const unitPrice = options.reduce((sum, option) => sum + option.price_delta, choice.price);
  if (unitPrice < 0 || unitPrice > MAX_UNIT_PRICE) {
    problem(
      'unit_price_range',
      null,
      `the unit price with these options (${unitPrice}) is outside 0..${MAX_UNIT_PRICE}`,
    );
    return { ok: false, problems };
  }
  return { ok: true, unit_price: unitPrice, options };
}

/** "1 option", "2 options". */
function optionCount(count: number): string {
  return `${count} option${count === 1 ? '' : 's'}`;
}
