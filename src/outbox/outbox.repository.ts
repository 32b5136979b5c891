import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { EventPayload, RoutingKey } from './event-types';

/** A pending outbox row as the relay publishes it. */
export interface PendingEvent {
  id: string;
  routingKey: RoutingKey;
  payload: EventPayload;
}

/** All SQL on `outbox_events`. */
@Injectable()
export class OutboxRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Inserts the event in the caller's transaction (OutboxWriter is its only caller). */
  async insert(manager: EntityManager, payload: EventPayload<object>): Promise<void> {
    await manager.query(
      `/* query:outbox.append */
       INSERT INTO outbox_events (id, store_id, routing_key, payload) VALUES ($1, $2, $3, $4)`,
      [payload.event_id, payload.store_id, payload.type, JSON.stringify(payload)],
    );
  }

  /**
   * Locks the oldest pending rows for the caller's transaction. Rows another relay holds are
   * skipped, so several instances publish disjoint batches.
   */
  async lockPending(manager: EntityManager, limit: number): Promise<PendingEvent[]> {
    const rows: { id: string; routing_key: RoutingKey; payload: EventPayload }[] =
      await manager.query(
        `/* query:outbox.lock_pending */
         SELECT id, routing_key, payload FROM outbox_events
         WHERE published_at IS NULL
         ORDER BY position
         LIMIT $1
         FOR UPDATE SKIP LOCKED`,
        [limit],
      );
    return rows.map((row) => ({ id: row.id, routingKey: row.routing_key, payload: row.payload }));
  }

  async markPublished(manager: EntityManager, ids: string[]): Promise<void> {
    await manager.query(
      `/* query:outbox.mark_published */
       UPDATE outbox_events SET published_at = now(), attempts = attempts + 1 WHERE id = ANY($1::uuid[])`,
      [ids],
    );
  }

  /** Records a failed publish attempt; runs outside the rolled-back batch transaction. */
  async recordFailedAttempt(ids: string[]): Promise<void> {
    await this.dataSource.query(
      `/* query:outbox.record_failed_attempt */
       UPDATE outbox_events SET attempts = attempts + 1 WHERE id = ANY($1::uuid[]) AND published_at IS NULL`,
      [ids],
    );
  }

  async countPending(): Promise<number> {
    const [{ count }]: { count: number }[] = await this.dataSource.query(
      `/* query:outbox.count_pending */
       SELECT count(*)::int AS count FROM outbox_events WHERE published_at IS NULL`,
    );
    return count;
  }

  /** Age of the first pending row in publishing order (the pending index's first entry), 0 when none. */
  async oldestPendingSeconds(): Promise<number> {
    const rows: { age: number }[] = await this.dataSource.query(
      `/* query:outbox.oldest_pending */
       SELECT EXTRACT(EPOCH FROM now() - created_at)::float8 AS age FROM outbox_events
       WHERE published_at IS NULL
       ORDER BY position
       LIMIT 1`,
    );
    return Math.max(0, rows[0]?.age ?? 0);
  }

  /**
   * Deletes up to `limit` rows published before `cutoff`, oldest first (walking the position
   * index from the start, where the old rows are). Returns how many were deleted.
   */
  async deletePublishedBefore(cutoff: Date, limit: number): Promise<number> {
    const [, deleted]: [unknown, number] = await this.dataSource.query(
      `/* query:outbox.prune */
       DELETE FROM outbox_events WHERE id IN (
         SELECT id FROM outbox_events
         WHERE published_at IS NOT NULL AND published_at < $1
         ORDER BY position
         LIMIT $2
         FOR UPDATE SKIP LOCKED)`,
      [cutoff, limit],
    );
    return deleted;
  }

  /**
   * The store's events written after the event `afterEventId`, in position order, or null when
   * that event is unknown (pruned, from another store, or never existed).
   */
  async eventsAfter(
    storeId: string,
    afterEventId: string,
    limit: number,
  ): Promise<EventPayload[] | null> {
    const anchor: { position: number }[] = await this.dataSource.query(
      `/* query:outbox.replay_anchor */
       SELECT position FROM outbox_events WHERE id = $1 AND store_id = $2`,
      [afterEventId, storeId],
    );
    if (anchor.length === 0) return null;
    const rows: { payload: EventPayload }[] = await this.dataSource.query(
      `/* query:outbox.replay */
       SELECT payload FROM outbox_events
       WHERE store_id = $1 AND position > $2
       ORDER BY position
       LIMIT $3`,
      [storeId, anchor[0].position, limit],
    );
    return rows.map((row) => row.payload);
  }
}
