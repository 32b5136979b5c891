import 'reflect-metadata';
import { OrderHistoryRepository } from '../orders/order-history.repository';
import { report, runWithDatabase } from './with-database';

const BATCH_SIZE = 5000;

/**
 * `npm run history:purge`: deletes order history archived before the store-local day that is
 * HISTORY_RETENTION_DAYS before today, in batches of 5,000 rows (short transactions, no long
 * lock), then the per-day counts of those days. Prints what it removed as one JSON line.
 */
runWithDatabase(async (dataSource, config) => {
  const history = new OrderHistoryRepository(dataSource);
  const firstKeptDay = await history.retentionStart(
    config.storeTimeZone,
    config.historyRetentionDays,
  );
  let deleted = 0;
  for (;;) {
    const batch = await history.purgeBatch(firstKeptDay, config.storeTimeZone, BATCH_SIZE);
    deleted += batch;
    if (batch < BATCH_SIZE) break;
  }
  await history.deleteDayCountsBefore(firstKeptDay);
  report({
    message: 'order history purged',
    deleted,
    archived_before: firstKeptDay,
    time_zone: config.storeTimeZone,
    retention_days: config.historyRetentionDays,
  });
});
