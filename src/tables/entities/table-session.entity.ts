import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'table_sessions' })
export class TableSessionEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id: number;

  @Column({ type: 'uuid' })
  store_id: string;

  @Column({ type: 'integer' })
  table_id: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  started_at: Date;

  @Column({ type: 'timestamptz', nullable: true })
  ended_at: Date | null;

  @Column({ type: 'boolean', default: true })
  is_active: boolean;
}
