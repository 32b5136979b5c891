import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { OrderedOption } from './order-item.entity';
import { OrderStatus, PlacedBy } from './order-status';

export interface ArchivedOrderItem {
  menu_id: number;
  menu_name: string;
  unit_price: number;
  quantity: number;
  /** Absent in rows archived before options existed. */
  options?: OrderedOption[];
  note?: string | null;
}

@Entity({ name: 'order_history' })
export class OrderHistoryEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS', type: 'bigint' })
  id: number;

  @Column({ type: 'uuid' })
  store_id: string;

  @Column({ type: 'integer' })
  table_id: number;

  @Column({ type: 'integer' })
  table_session_id: number;

  @Column({ type: 'integer' })
  order_id: number;

  @Column({ type: 'varchar', length: 20 })
  order_number: string;

  @Column({ type: 'jsonb' })
  items: ArchivedOrderItem[];

  @Column({ type: 'bigint' })
  total_amount: number;

  @Column({ type: 'varchar', length: 20 })
  status: OrderStatus;

  @Column({ type: 'timestamptz' })
  ordered_at: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  archived_at: Date;

  /** The order's Idempotency-Key, so a retry after the session ended still replays it. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  idempotency_key: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  note: string | null;

  @Column({ type: 'varchar', length: 10, default: 'table' })
  placed_by: PlacedBy;
}
