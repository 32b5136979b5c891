import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { EventPayload, OUTBOX_NOTIFY_CHANNEL, RoutingKey } from './event-types';

/**
 * Writes an event to the outbox inside the caller's transaction, so the event exists exactly
 * when the change it announces does. The NOTIFY reaches the relays on commit (and never on
 * rollback), so publishing starts without a polling delay.
 */
@Injectable()
export class OutboxWriter {
  async append<TData extends object>(
    manager: EntityManager,
    event: { routingKey: RoutingKey; storeId: string; data: TData },
  ): Promise<EventPayload<TData>> {
    const payload: EventPayload<TData> = {
      event_id: randomUUID(),
      type: event.routingKey,
      occurred_at: new Date().toISOString(),
      store_id: event.storeId,
      data: event.data,
    };
    await manager.query(
      `/* query:outbox.append */
       INSERT INTO outbox_events (id, store_id, routing_key, payload) VALUES ($1, $2, $3, $4)`,
      [payload.event_id, payload.store_id, payload.type, JSON.stringify(payload)],
    );
    await manager.query(`SELECT pg_notify($1, '')`, [OUTBOX_NOTIFY_CHANNEL]);
    return payload;
  }
}
