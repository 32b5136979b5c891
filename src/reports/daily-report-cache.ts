import { cacheKey } from '../common/cache/cache-keys';

/** Cache-aside namespace of the daily sales summary (docs/decisions.md, 'Daily sales summary'). */
export const DAILY_REPORT_ENTITY = 'daily_report';

/** `{store_id}:daily_report:{YYYY-MM-DD}`: one store-local day's summary. */
export function dailyReportKey(storeId: string, day: string): string {
  return cacheKey(storeId, DAILY_REPORT_ENTITY, day);
}
