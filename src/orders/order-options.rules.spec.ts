import { OrderableOptionGroup } from './order-menus.repository';
import { priceLine } from './order-options.rules';

const spice: OrderableOptionGroup = {
  id: 1,
  menu_id: 7,
  name: '맵기',
  min_select: 1,
  max_select: 1,
  options: [
    { id: 11, name: '순한맛', price_delta: 0, is_available: true },
    { id: 12, name: '매운맛', price_delta: 0, is_available: true },
  ],
};
const extras: OrderableOptionGroup = {
  id: 2,
  menu_id: 7,
  name: '추가',
  min_select: 0,
  max_select: 2,
  options: [
    { id: 21, name: '치즈', price_delta: 1000, is_available: true },
    { id: 22, name: '계란', price_delta: 500, is_available: true },
    { id: 23, name: '햄', price_delta: 1500, is_available: false },
    { id: 24, name: '할인', price_delta: -9500, is_available: true },
  ],
};
const line = (option_ids: number[], price = 9000) =>
  priceLine(3, { menu_id: 7, price, option_ids }, [spice, extras]);

describe('priceLine', () => {
  it('prices price + Σ price_delta and snapshots the options in menu order', () => {
    expect(line([22, 12, 21])).toEqual({
      ok: true,
      unit_price: 10_500,
      options: [
        { id: 12, group_name: '맵기', name: '매운맛', price_delta: 0 },
        { id: 21, group_name: '추가', name: '치즈', price_delta: 1000 },
        { id: 22, group_name: '추가', name: '계란', price_delta: 500 },
      ],
    });
    expect(priceLine(0, { menu_id: 8, price: 500, option_ids: [] }, [])).toEqual({
      ok: true,
      unit_price: 500,
      options: [],
    });
  });

  it.each([
    ['a required group missing', [21], 'min_select', 1],
    ['over a group’s max', [11, 21, 22, 24], 'max_select', 2],
    ['two of a pick-one group', [11, 12], 'max_select', 1],
    ['an option twice', [11, 21, 21], 'repeated_option', 2],
    ['an option of another menu', [11, 99], 'foreign_option', null],
    ['an unavailable option', [11, 23], 'unavailable_option', 2],
    ['a unit price below 0', [11, 24], 'unit_price_range', null],
  ])('refuses %s, naming the line, the group and the rule', (_case, optionIds, rule, groupId) => {
    const result = line(optionIds, rule === 'unit_price_range' ? 8900 : 9000);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toContainEqual(
      expect.objectContaining({ field: 'items.3.option_ids', line: 3, rule, group_id: groupId }),
    );
  });
});
