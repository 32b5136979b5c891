import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { typeOrmOptions } from '../database/typeorm-options';
import { OrderHistoryRepository } from '../orders/order-history.repository';

const BATCH_SIZE = 5000;

/**
 * `npm run history:purge`: deletes order history archived before the store-local day that is
 * HISTORY_RETENTION_DAYS before today, in batches of 5,000 rows (short transactions, no long
 * lock), then the per-day counts of those days. Prints what it removed as one JSON line.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const dataSource = await new DataSource(typeOrmOptions(config)).initialize();
  try {
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
    console.info(
      JSON.stringify({
        message: 'order history purged',
        deleted,
        archived_before: firstKeptDay,
        time_zone: config.storeTimeZone,
        retention_days: config.historyRetentionDays,
      }),
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
