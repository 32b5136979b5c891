import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

@Entity({ name: 'menus' })
export class MenuEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id: number;

  @Column({ type: 'uuid' })
  store_id: string;

  /** Null only for a soft-deleted item whose category was removed afterwards. */
  @Column({ type: 'integer', nullable: true })
  category_id: number | null;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'integer' })
  price: number;

  @Column({ type: 'varchar', length: 255, nullable: true })
  image_path: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  thumbnail_path: string | null;

  @Column({ type: 'integer', default: 0 })
  display_order: number;

  @Column({ type: 'boolean', default: true })
  is_available: boolean;

  /** Sold out until this time (set by the admin); orderable again by itself after it. */
  @Column({ type: 'timestamptz', nullable: true })
  sold_out_until: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  deleted_at: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  created_at: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updated_at: Date;
}
