import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Per-store, per-business-day sequence behind order_number `YYYYMMDD-NNNN`. */
@Entity({ name: 'order_number_counters' })
export class OrderNumberCounterEntity {
  @PrimaryColumn({ type: 'uuid' })
  store_id: string;

  @PrimaryColumn({ type: 'date' })
  business_date: string;

  @Column({ type: 'integer' })
  last_value: number;
}
