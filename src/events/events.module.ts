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
import { OrderStreamService } from './stream/order-stream.service';
import { TableOrderStreamController } from './stream/table-order-stream.controller';
import { SseHub } from './stream/sse-hub.service';

/**
 * Events end to end: the outbox writer (used inside other modules' transactions), the relay to
 * RabbitMQ, this instance's consumer, and the admin SSE stream fed by it.
 */
@Global()
@Module({
  imports: [OrdersModule],
  controllers: [AdminOrderStreamController, TableOrderStreamController],
  providers: [
    OutboxWriter,
    OutboxRepository,
    OutboxNotifyListener,
    EventPublisher,
    OutboxRelayService,
    OutboxPrunerService,
    SseHub,
    EventConsumer,
    OrderStreamService,
  ],
  exports: [OutboxWriter],
})
export class EventsModule {}
