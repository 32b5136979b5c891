import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { ChannelModel, ConfirmChannel, ConsumeMessage } from 'amqplib';
import { EventEmitter, once } from 'node:events';
import { withTimeout } from '../common/with-timeout';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { RabbitMqService } from '../infrastructure/rabbitmq/rabbitmq.service';
import { EVENTS_EXCHANGE } from '../infrastructure/rabbitmq/topology';
import { PendingEvent } from './outbox.repository';

const CHANNEL_REOPEN_DELAY_MS = 1000;

export class BrokerUnavailableError extends Error {
  constructor() {
    super('no confirm channel to the broker');
    this.name = 'BrokerUnavailableError';
  }
}

/**
 * Publishes events on a confirm channel of the current broker connection. `publish` resolves
 * only once the broker has confirmed every message, and rejects on a nack, a closed channel or
 * a confirm timeout. Emits `ready` whenever a new channel is open.
 */
@Injectable()
export class EventPublisher extends EventEmitter implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('event-publisher.service');
  private channel: ConfirmChannel | null = null;
  private closing = false;

  constructor(
    private readonly rabbitMq: RabbitMqService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  get isReady(): boolean {
    return this.channel !== null;
  }

  onModuleInit(): void {
    this.rabbitMq.on('connected', (connection: ChannelModel) => void this.open(connection));
    this.rabbitMq.on('disconnected', () => {
      this.channel = null;
    });
    const current = this.rabbitMq.current;
    if (current) void this.open(current);
  }

  async publish(events: PendingEvent[]): Promise<void> {
    const channel = this.channel;
    if (!channel) throw new BrokerUnavailableError();
    const confirmed = this.publishAll(channel, events);
    await withTimeout(confirmed, this.config.outbox.confirmTimeoutMs, 'publisher confirms');
  }

  private async publishAll(channel: ConfirmChannel, events: PendingEvent[]): Promise<void> {
    const confirms: Promise<void>[] = [];
    for (const event of events) {
      let hasRoom = true;
      const confirm = new Promise<void>((resolve, reject) => {
        hasRoom = channel.publish(
          EVENTS_EXCHANGE,
          event.routingKey,
          Buffer.from(JSON.stringify(event.payload)),
          {
            persistent: true,
            mandatory: true,
            messageId: event.id,
            type: event.routingKey,
            contentType: 'application/json',
            timestamp: Math.floor(Date.parse(event.payload.occurred_at) / 1000),
          },
          (error) => (error ? reject(error) : resolve()),
        );
      });
      confirm.catch(() => undefined);
      confirms.push(confirm);
      if (!hasRoom) await waitForDrain(channel);
    }
    await Promise.all(confirms);
  }

  private async open(connection: ChannelModel): Promise<void> {
    if (this.closing) return;
    try {
      const channel = await connection.createConfirmChannel();
      channel.on('error', (error: Error) =>
        this.logger.warn(`publish channel error: ${error.message}`),
      );
      channel.on('return', (message: ConsumeMessage) =>
        this.logger.warn(
          `event ${String(message.properties.messageId)} (${message.fields.routingKey}) was unroutable: no queue is bound for it`,
        ),
      );
      channel.on('close', () => this.handleChannelClose(channel, connection));
      this.channel = channel;
      this.emit('ready');
    } catch (error) {
      this.logger.warn(`could not open the publish channel: ${(error as Error).message}`);
    }
  }

  /** A channel can close on its own (a channel-level error); reopen it while its connection lives. */
  private handleChannelClose(channel: ConfirmChannel, connection: ChannelModel): void {
    if (this.channel === channel) this.channel = null;
    if (this.closing) return;
    setTimeout(() => {
      if (!this.channel && this.rabbitMq.current === connection) void this.open(connection);
    }, CHANNEL_REOPEN_DELAY_MS).unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    const channel = this.channel;
    this.channel = null;
    await channel?.close().catch(() => undefined);
  }
}

/** Resolves when the channel's write buffer drains; a closing channel fails the confirms anyway. */
async function waitForDrain(channel: ConfirmChannel): Promise<void> {
  await Promise.race([once(channel, 'drain'), once(channel, 'close')]);
}
