import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { OrderEntity } from './order.entity';

/** One chosen option of an order line, snapshotted when the order was placed. */
export interface OrderedOption {
  id: number;
  group_name: string;
  name: string;
  price_delta: number;
}

@Entity({ name: 'order_items' })
export class OrderItemEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id: number;

  @Column({ type: 'integer' })
  order_id: number;

  @Column({ type: 'integer' })
  menu_id: number;

  @Column({ type: 'varchar', length: 100 })
  menu_name: string;

  @Column({ type: 'integer' })
  unit_price: number;

  @Column({ type: 'integer' })
  quantity: number;

  /** The chosen options as ordered: names, group names and price deltas are snapshots. */
  @Column({ type: 'jsonb', default: () => "'[]'::jsonb" })
  options: OrderedOption[];

  @Column({ type: 'varchar', length: 200, nullable: true })
  note: string | null;

  @ManyToOne(() => OrderEntity, (order) => order.items, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'order_id' })
  order: Relation<OrderEntity>;
}
