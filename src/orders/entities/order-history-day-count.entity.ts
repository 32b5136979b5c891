import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * How many orders of a table were archived on one store-local business day. Written in the
 * transactions that archive (end-session) or purge history, so history pages get an exact
 * total_count from at most one row per day.
 */
@Entity({ name: 'order_history_day_counts' })
export class OrderHistoryDayCountEntity {
  @PrimaryColumn({ type: 'integer' })
  table_id: number;

  @PrimaryColumn({ type: 'date' })
  business_date: string;

  @Column({ type: 'integer' })
  archived_count: number;
}
