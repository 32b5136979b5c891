import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

/** One option of a group ("매운맛", "치즈 +1000"); menu_id is its group's, kept for one-query loads. */
@Entity({ name: 'menu_options' })
export class MenuOptionEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id: number;

  @Column({ type: 'uuid' })
  store_id: string;

  @Column({ type: 'integer' })
  menu_id: number;

  @Column({ type: 'integer' })
  group_id: number;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** KRW added to the item's price when chosen (may be negative). */
  @Column({ type: 'integer', default: 0 })
  price_delta: number;

  @Column({ type: 'boolean', default: true })
  is_available: boolean;

  @Column({ type: 'integer', default: 0 })
  display_order: number;

  @CreateDateColumn({ type: 'timestamptz' })
  created_at: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updated_at: Date;
}
