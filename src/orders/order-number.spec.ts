import { formatOrderNumber } from './order-number';

describe('formatOrderNumber', () => {
  it('pads the daily sequence to four digits', () => {
    expect(formatOrderNumber('20250301', 7)).toBe('20250301-0007');
    expect(formatOrderNumber('20250301', 9999)).toBe('20250301-9999');
  });

  it('keeps every digit past 9999 instead of truncating', () => {
    expect(formatOrderNumber('20250301', 12345)).toBe('20250301-12345');
  });
});
