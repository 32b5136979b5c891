import { AppException } from '../common/errors/app.exception';
import { HistoryRange } from './order-history.repository';

/** The validated day range of a history query; 400 when it runs backwards. */
export function toHistoryRange(from?: string, to?: string): HistoryRange {
  if (from && to && from > to) {
    throw AppException.validationFailed([
      { field: 'from', message: `from (${from}) must be on or before to (${to})` },
    ]);
  }
  return { from, to };
}
