import { AppException } from '../common/errors/app.exception';
import { ErrorCode } from '../common/errors/error-code';
import { HistoryRange } from './order-history.repository';

/** The validated day range of a history query; 400 when it runs backwards. */
export function toHistoryRange(from?: string, to?: string): HistoryRange {
  if (from && to && from > to) {
    throw new AppException(ErrorCode.VALIDATION_FAILED, 'Request validation failed', [
      { field: 'from', message: `from (${from}) must be on or before to (${to})` },
    ]);
  }
  return { from, to };
}
