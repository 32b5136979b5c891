import { Global, Module } from '@nestjs/common';
import { EventConsumer } from './event-consumer.service';
import { EventPublisher } from './event-publisher';
import { OutboxNotifyListener } from './outbox-notify.listener';
import { OutboxPrunerService } from './outbox-pruner.service';
import { OutboxRelayService } from './outbox-relay.service';
import { OutboxRepository } from './outbox.repository';
import { OutboxWriter } from './outbox.writer';
import { ACTIVE_ORDERS_READER } from './stream/active-orders.port';
import { AdminOrderStreamController } from './stream/admin-order-stream.controller';
import { AdminOrderStreamService } from './stream/admin-order-stream.service';
import { InterimActiveOrdersReader } from './stream/interim-active-orders.reader';
import { SseHub } from './stream/sse-hub.service';

/**
 * Events end to end: the outbox writer (used inside other modules' transactions), the relay to
 * RabbitMQ, this instance's consumer, and the admin SSE stream fed by it.
 */
@Global()
@Module({
  controllers: [AdminOrderStreamController],
  providers: [
    OutboxWriter,
    OutboxRepository,
    OutboxNotifyListener,
    EventPublisher,
    OutboxRelayService,
    OutboxPrunerService,
    SseHub,
    EventConsumer,
    AdminOrderStreamService,
    { provide: ACTIVE_ORDERS_READER, useClass: InterimActiveOrdersReader },
  ],
  exports: [OutboxWriter],
})
export class EventsModule {}
