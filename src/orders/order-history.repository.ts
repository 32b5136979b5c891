import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { OrderStatus, PlacedBy } from './entities/order-status';
import { OrderItemRow } from './orders.repository';

export interface HistoryRow {
  id: number;
  table_id: number;
  table_session_id: number;
  order_id: number;
  order_number: string;
  items: OrderItemRow[];
  total_amount: number;
  status: OrderStatus;
  note: string | null;
  placed_by: PlacedBy;
  ordered_at: Date;
  archived_at: Date;
}

/** Inclusive store-local days (YYYY-MM-DD); either end may be open. */
export interface HistoryRange {
  from?: string;
  to?: string;
}

@Injectable()
export class OrderHistoryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Moves every order of the session, with its items, into order_history in one statement:
   * the DELETE takes each order's row lock and returns its latest version (a status change
   * that committed first is archived), and its items are read from the same snapshot before
   * the cascade removes them.
   */
  async archiveSession(
    manager: EntityManager,
    sessionId: number,
  ): Promise<{ archived_orders: number; total_amount: number }> {
    const [row] = await manager.query(
      `/* query:orders.archiveSession */
       WITH moved AS (
         DELETE FROM orders WHERE table_session_id = $1
         RETURNING id, store_id, table_id, table_session_id, order_number, status, total_amount,
                   idempotency_key, note, placed_by, created_at
       ), archived AS (
         INSERT INTO order_history (store_id, table_id, table_session_id, order_id, order_number,
                                    items, total_amount, status, ordered_at, idempotency_key,
                                    note, placed_by)
         SELECT m.store_id, m.table_id, m.table_session_id, m.id, m.order_number,
                COALESCE((SELECT jsonb_agg(jsonb_build_object('menu_id', i.menu_id,
                                   'menu_name', i.menu_name, 'unit_price', i.unit_price,
                                   'quantity', i.quantity, 'options', i.options,
                                   'note', i.note) ORDER BY i.id)
                          FROM order_items i WHERE i.order_id = m.id), '[]'::jsonb),
                m.total_amount, m.status, m.created_at, m.idempotency_key, m.note, m.placed_by
         FROM moved m ORDER BY m.created_at, m.id
         RETURNING total_amount
       )
       SELECT count(*)::int AS archived_orders, coalesce(sum(total_amount), 0)::bigint AS total_amount
       FROM archived`,
      [sessionId],
    );
    return row;
  }

  /** Adds archived orders to today's (store-local) count for the table. */
  async addToDayCount(
    manager: EntityManager,
    tableId: number,
    archived: number,
    timeZone: string,
  ): Promise<void> {
    await manager.query(
      `/* query:orders.addHistoryDayCount */
       INSERT INTO order_history_day_counts (table_id, business_date, archived_count)
       VALUES ($1, (now() AT TIME ZONE $2)::date, $3)
       ON CONFLICT (table_id, business_date)
       DO UPDATE SET archived_count = order_history_day_counts.archived_count + EXCLUDED.archived_count`,
      [tableId, timeZone, archived],
    );
  }

  /** Exact count from the per-day counts: at most one row per day of the range. */
  async countForTable(tableId: number, range: HistoryRange): Promise<number> {
    const params: unknown[] = [tableId];
    const bind = (value: unknown) => `$${params.push(value)}`;
    let where = 'table_id = $1';
    if (range.from) where += ` AND business_date >= ${bind(range.from)}::date`;
    if (range.to) where += ` AND business_date <= ${bind(range.to)}::date`;
    const [row] = await this.dataSource.query(
      `/* query:orders.countHistory */
       SELECT coalesce(sum(archived_count), 0)::bigint AS total FROM order_history_day_counts
       WHERE ${where}`,
      params,
    );
    return row.total;
  }

  /**
   * One page, archived_at desc. The inner query walks only the (table_id, archived_at desc, id
   * desc) index to the page (index-only when the visibility map allows), then the page's rows
   * are fetched: deep pages do not read the skipped rows from the heap.
   */
  pageForTable(
    tableId: number,
    range: HistoryRange,
    timeZone: string,
    limit: number,
    offset: number,
  ): Promise<HistoryRow[]> {
    const params: unknown[] = [tableId, limit, offset];
    const bind = (value: unknown) => `$${params.push(value)}`;
    let where = 'table_id = $1';
    if (range.from || range.to) {
      const zone = bind(timeZone);
      if (range.from)
        where += ` AND archived_at >= (${bind(range.from)}::date)::timestamp AT TIME ZONE ${zone}`;
      if (range.to)
        where += ` AND archived_at < (${bind(range.to)}::date + 1)::timestamp AT TIME ZONE ${zone}`;
    }
    return this.dataSource.query(
      `/* query:orders.pageHistory */
       SELECT h.id, h.table_id, h.table_session_id, h.order_id, h.order_number, h.items,
              h.total_amount, h.status, h.note, h.placed_by, h.ordered_at, h.archived_at
       FROM (SELECT id, archived_at FROM order_history WHERE ${where}
             ORDER BY archived_at DESC, id DESC LIMIT $2 OFFSET $3) page
       JOIN order_history h ON h.id = page.id
       ORDER BY page.archived_at DESC, page.id DESC`,
      params,
    );
  }

  /** First store-local day that is kept: today minus the retention, as YYYY-MM-DD. */
  async retentionStart(timeZone: string, retentionDays: number): Promise<string> {
    const [row] = await this.dataSource.query(
      `/* query:orders.historyRetentionStart */
       SELECT to_char((now() AT TIME ZONE $1)::date - $2::int, 'YYYY-MM-DD') AS day`,
      [timeZone, retentionDays],
    );
    return row.day;
  }

  /** Deletes up to `batchSize` rows archived before the day starts; returns how many. */
  async purgeBatch(firstKeptDay: string, timeZone: string, batchSize: number): Promise<number> {
    const [, deleted]: [unknown, number] = await this.dataSource.query(
      `/* query:orders.purgeHistoryBatch */
       DELETE FROM order_history WHERE id IN (
         SELECT id FROM order_history
         WHERE archived_at < ($1::date)::timestamp AT TIME ZONE $2
         ORDER BY archived_at LIMIT $3)`,
      [firstKeptDay, timeZone, batchSize],
    );
    return deleted;
  }

  async deleteDayCountsBefore(firstKeptDay: string): Promise<void> {
    await this.dataSource.query(
      `/* query:orders.purgeHistoryDayCounts */
       DELETE FROM order_history_day_counts WHERE business_date < $1::date`,
      [firstKeptDay],
    );
  }
}
