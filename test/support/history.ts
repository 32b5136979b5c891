import { DataSource } from 'typeorm';

/**
 * Archived orders written straight into order_history with the per-day counts kept in step,
 * as the end-session transaction does; `archivedAt` lets a test place rows at day boundaries.
 */
export async function insertHistory(
  dataSource: DataSource,
  row: { storeId: string; tableId: number; archivedAt: string; total?: number; count?: number },
  timeZone = 'Asia/Seoul',
): Promise<void> {
  const count = row.count ?? 1;
  const [session] = await dataSource.query(
    `INSERT INTO table_sessions (store_id, table_id, started_at, ended_at, is_active)
     VALUES ($1, $2, $3::timestamptz - interval '1 hour', $3, false) RETURNING id`,
    [row.storeId, row.tableId, row.archivedAt],
  );
  await dataSource.query(
    `INSERT INTO order_history (store_id, table_id, table_session_id, order_id, order_number, items,
                                total_amount, status, ordered_at, archived_at)
     SELECT $1, $2, $3, 100000 + g, '20250101-' || lpad(g::text, 4, '0'),
            jsonb_build_array(jsonb_build_object('menu_id', 1, 'menu_name', 'Tea', 'unit_price', $4::int, 'quantity', 1)),
            $4, 'completed', $5::timestamptz - interval '30 minutes', $5
     FROM generate_series(1, $6) g`,
    [row.storeId, row.tableId, session.id, row.total ?? 1000, row.archivedAt, count],
  );
  await dataSource.query(
    `INSERT INTO order_history_day_counts (table_id, business_date, archived_count)
     VALUES ($1, ($2::timestamptz AT TIME ZONE $3)::date, $4)
     ON CONFLICT (table_id, business_date)
     DO UPDATE SET archived_count = order_history_day_counts.archived_count + EXCLUDED.archived_count`,
    [row.tableId, row.archivedAt, timeZone, count],
  );
}
