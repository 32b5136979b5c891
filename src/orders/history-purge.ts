import { DataSource } from 'typeorm';
import { OrderHistoryRepository } from './order-history.repository';

const BATCH_SIZE = 5000;

export interface HistoryPurged {
  deleted: number;
  /** The first store-local day kept. */
  archivedBefore: string;
}

/**
 * Deletes order history archived before the store-local day that is `retentionDays` before
 * today, in batches of 5,000 rows (short transactions, no long lock), then the per-day counts
 * of those days. For the `history:purge` command, which runs outside the Nest app.
 */
export async function purgeHistory(
  dataSource: DataSource,
  timeZone: string,
  retentionDays: number,
): Promise<HistoryPurged> {
  const history = new OrderHistoryRepository(dataSource);
  const firstKeptDay = await history.retentionStart(timeZone, retentionDays);
  let deleted = 0;
  for (;;) {
    const batch = await history.purgeBatch(firstKeptDay, timeZone, BATCH_SIZE);
    deleted += batch;
    if (batch < BATCH_SIZE) break;
  }
  await history.deleteDayCountsBefore(firstKeptDay);
  return { deleted, archivedBefore: firstKeptDay };
}
