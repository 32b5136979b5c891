import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { notifyOnCommit } from '../database/notifications';
import { EventPayload, OUTBOX_NOTIFY_CHANNEL, RoutingKey } from './event-types';
import { OutboxRepository } from './outbox.repository';

/**
 * Writes an event to the outbox inside the caller's transaction, so the event exists exactly
 * when the change it announces does. The NOTIFY reaches the relays on commit (and never on
 * rollback), so publishing starts without a polling delay.
 */
@Injectable()
export class OutboxWriter {
  constructor(private readonly outbox: OutboxRepository) {}

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
    await this.outbox.insert(manager, payload);
    await notifyOnCommit(manager, OUTBOX_NOTIFY_CHANNEL);
    return payload;
  }
}
