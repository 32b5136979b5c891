import 'reflect-metadata';
import { purgeHistory } from '../orders/history-purge';
import { report, runWithDatabase } from './with-database';

/**
 * `npm run history:purge`: deletes order history older than HISTORY_RETENTION_DAYS (store-local
 * days, see purgeHistory) and prints what it removed as one JSON line.
 */
runWithDatabase(async (dataSource, config) => {
  const { deleted, archivedBefore } = await purgeHistory(
    dataSource,
    config.storeTimeZone,
    config.historyRetentionDays,
  );
  report('order history purged', {
    deleted,
    archived_before: archivedBefore,
    time_zone: config.storeTimeZone,
    retention_days: config.historyRetentionDays,
  });
});
