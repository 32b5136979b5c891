import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'outbox_events' })
export class OutboxEventEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  /** Commit-independent publishing order. */
  @Column({ type: 'bigint', generated: 'identity', generatedIdentity: 'ALWAYS', insert: false })
  position: number;

  @Column({ type: 'uuid' })
  store_id: string;

  @Column({ type: 'varchar', length: 100 })
  routing_key: string;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  created_at: Date;

  @Column({ type: 'timestamptz', nullable: true })
  published_at: Date | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;
}
