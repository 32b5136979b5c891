import { Injectable } from '@nestjs/common';
import { EventPayload } from './event-types';
import { OutboxRepository } from './outbox.repository';

/** The outbox read back: what a reconnecting stream missed after its Last-Event-ID. */
@Injectable()
export class EventReplayService {
  constructor(private readonly outbox: OutboxRepository) {}

  /**
   * The store's events written after `afterEventId`, oldest first, at most `limit`; null when
   * that event is unknown (pruned, from another store, or never existed).
   */
  eventsAfter(
    storeId: string,
    afterEventId: string,
    limit: number,
  ): Promise<EventPayload[] | null> {
    return this.outbox.eventsAfter(storeId, afterEventId, limit);
  }
}
