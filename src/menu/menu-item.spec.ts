import { isOrderableAt, nextSoldOutEnd } from './menu-item';

const NOW = Date.parse('2030-01-01T12:00:00Z');
const at = (offsetMs: number) => new Date(NOW + offsetMs).toISOString();

describe('isOrderableAt', () => {
  it('needs the switch on and no sold_out_until still ahead', () => {
    expect(isOrderableAt({ is_available: true, sold_out_until: null }, NOW)).toBe(true);
    expect(isOrderableAt({ is_available: true, sold_out_until: at(1) }, NOW)).toBe(false);
    expect(isOrderableAt({ is_available: true, sold_out_until: at(0) }, NOW)).toBe(true);
    expect(isOrderableAt({ is_available: false, sold_out_until: null }, NOW)).toBe(false);
  });
});

describe('nextSoldOutEnd', () => {
  it('is the earliest sold_out_until still ahead of an item switched on', () => {
    expect(
      nextSoldOutEnd(
        [
          { is_available: true, sold_out_until: at(60_000) },
          { is_available: true, sold_out_until: at(5_000) },
          { is_available: true, sold_out_until: at(-1_000) },
          { is_available: true, sold_out_until: null },
          // Switched off: its passing changes nothing a table sees.
          { is_available: false, sold_out_until: at(1_000) },
        ],
        NOW,
      ),
    ).toBe(NOW + 5_000);
  });

  it('is null when no item becomes orderable by itself', () => {
    expect(nextSoldOutEnd([], NOW)).toBeNull();
    expect(nextSoldOutEnd([{ is_available: true, sold_out_until: at(0) }], NOW)).toBeNull();
  });
});
