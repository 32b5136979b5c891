import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

/** A choice on a menu item ("맵기", "추가"): between min_select and max_select of its options. */
@Entity({ name: 'menu_option_groups' })
export class MenuOptionGroupEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id: number;

  @Column({ type: 'uuid' })
  store_id: string;

  @Column({ type: 'integer' })
  menu_id: number;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'integer' })
  min_select: number;

  @Column({ type: 'integer' })
  max_select: number;

  @Column({ type: 'integer', default: 0 })
  display_order: number;

  @CreateDateColumn({ type: 'timestamptz' })
  created_at: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updated_at: Date;
}
