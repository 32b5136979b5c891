import {
  Column,
  CreateDateColumn,
  Entity,
  OneToMany,
  PrimaryGeneratedColumn,
  Relation,
  UpdateDateColumn,
} from 'typeorm';
import { OrderItemEntity } from './order-item.entity';
import { OrderStatus, PlacedBy } from './order-status';

@Entity({ name: 'orders' })
export class OrderEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id: number;

  @Column({ type: 'uuid' })
  store_id: string;

  @Column({ type: 'integer' })
  table_id: number;

  @Column({ type: 'integer' })
  table_session_id: number;

  @Column({ type: 'varchar', length: 20 })
  order_number: string;

  @Column({ type: 'varchar', length: 20, default: 'pending' })
  status: OrderStatus;

  /** bigint in the database (a large order can pass 2^31 원); parsed to a JS number. */
  @Column({ type: 'bigint' })
  total_amount: number;

  @Column({ type: 'varchar', length: 64, nullable: true })
  idempotency_key: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  note: string | null;

  @Column({ type: 'varchar', length: 10, default: 'table' })
  placed_by: PlacedBy;

  @CreateDateColumn({ type: 'timestamptz' })
  created_at: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updated_at: Date;

  @OneToMany(() => OrderItemEntity, (item) => item.order)
  items: Relation<OrderItemEntity>[];
}
