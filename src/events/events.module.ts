import { Global, Module } from '@nestjs/common';
import { OrdersModule } from '../orders/orders.module';
import { EventConsumer } from './event-consumer.service';
import { EventPublisher } from './event-publisher';
import { OutboxNotifyListener } from './outbox-notify.listener';
import { OutboxPrunerService } from './outbox-pruner.service';
import { OutboxRelayService } from './outbox-relay.service';
import { OutboxRepository } from './outbox.repository';
import { OutboxWriter } from './outbox.writer';
import { AdminOrderStreamController } from './stream/admin-order-stream.controller';
import { AdminOrderStreamService } from './stream/admin-order-stream.service';
import { SseHub } from './stream/sse-hub.service';

/**
 * Events end to end: the outbox writer (used inside other modules' transactions), the relay to
 * RabbitMQ, this instance's consumer, and the admin SSE stream fed by it.
 */
@Global()
@Module({
  imports: [OrdersModule],
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
  ],
  exports: [OutboxWriter],
})
export class EventsModule {}
