import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { OrdersModule } from '../orders/orders.module';
import { OutboxModule } from '../outbox/outbox.module';
import { AdminOrderStreamController } from './admin-order-stream.controller';
import { EventConsumer } from './event-consumer.service';
import { OrderStreamService } from './order-stream.service';
import { SseHub } from './sse-hub.service';
import { StreamTicketService } from './stream-ticket.service';
import { TableOrderStreamController } from './table-order-stream.controller';

/**
 * What reads the events: this instance's consumer of the RabbitMQ exchange, the SSE hub that
 * fans them out to the connected streams, the admin and table order streams (snapshot from the
 * orders module's queries, then live events) and their single-use stream tickets. A revoked token ends
 * its streams (auth's TokenVersionService).
 */
@Module({
  imports: [AuthModule, OrdersModule, OutboxModule],
  controllers: [AdminOrderStreamController, TableOrderStreamController],
  providers: [SseHub, EventConsumer, OrderStreamService, StreamTicketService],
})
export class StreamsModule {}
