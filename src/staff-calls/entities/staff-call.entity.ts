import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { StaffCallStatus, StaffCallType } from './staff-call-kinds';

@Entity({ name: 'staff_calls' })
export class StaffCallEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id: number;

  @Column({ type: 'uuid' })
  store_id: string;

  @Column({ type: 'integer' })
  table_id: number;

  @Column({ type: 'varchar', length: 20 })
  type: StaffCallType;

  @Column({ type: 'varchar', length: 100, nullable: true })
  message: string | null;

  @Column({ type: 'varchar', length: 20, default: 'open' })
  status: StaffCallStatus;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  created_at: Date;

  @Column({ type: 'timestamptz', nullable: true })
  acknowledged_at: Date | null;
}
