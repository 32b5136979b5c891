import { AppException } from '../common/errors/app.exception';
import { toHistoryRange } from './history-range';

describe('toHistoryRange', () => {
  it('keeps open and closed ranges, one day included', () => {
    expect(toHistoryRange()).toEqual({ from: undefined, to: undefined });
    expect(toHistoryRange('2025-03-01')).toEqual({ from: '2025-03-01', to: undefined });
    expect(toHistoryRange('2025-03-01', '2025-03-01')).toEqual({
      from: '2025-03-01',
      to: '2025-03-01',
    });
  });

  it('rejects a range that ends before it starts', () => {
    expect(() => toHistoryRange('2025-03-02', '2025-03-01')).toThrow(AppException);
    try {
      toHistoryRange('2025-03-02', '2025-03-01');
    } catch (error) {
      expect((error as AppException).status).toBe(400);
      expect((error as AppException).details?.[0].field).toBe('from');
    }
  });
});
