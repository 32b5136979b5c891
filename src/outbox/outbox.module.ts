import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OutboxEventEntity } from './entities/outbox-event.entity';
import { EventPublisher } from './event-publisher.service';
import { EventReplayService } from './event-replay.service';
import { OutboxNotifyListener } from './outbox-notify-listener.service';
import { OutboxPrunerService } from './outbox-pruner.service';
import { OutboxRelayService } from './outbox-relay.service';
import { OutboxRepository } from './outbox.repository';
import { OutboxWriter } from './outbox-writer.service';

/**
 * The transactional outbox: feature modules import it and call OutboxWriter inside their own
 * transaction to announce a change; the relay (woken by NOTIFY, a fallback poll, or a new
 * publish channel) moves the rows to RabbitMQ, and the pruner deletes published ones. Streams
 * read missed events back through EventReplayService.
 */
@Module({
  imports: [TypeOrmModule.forFeature([OutboxEventEntity])],
  providers: [
    OutboxWriter,
    OutboxRepository,
    OutboxNotifyListener,
    EventPublisher,
    OutboxRelayService,
    OutboxPrunerService,
    EventReplayService,
  ],
  exports: [OutboxWriter, EventReplayService],
})
export class OutboxModule {}
