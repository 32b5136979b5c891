import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import { RabbitMqService } from '../infrastructure/rabbitmq/rabbitmq.service';
import { EVENTS_EXCHANGE } from '../infrastructure/rabbitmq/topology';
import { EventPayload, ROUTING_KEYS, RoutingKey } from '../outbox/event-types';
import { RecentIds } from './recent-ids';
import { SseHub } from './sse-hub.service';

/** Enough to cover any redelivery window of a busy instance. */
const DEDUPE_CAPACITY = 10_000;
/** This instance's queue only feeds live dashboards; if it backs up, old events are dropped. */
const INSTANCE_QUEUE_MAX_LENGTH = 10_000;

/**
 * Each instance consumes every event through its own exclusive, auto-delete, server-named queue
 * (bound with `#`) and hands it to the SSE hub, so an admin connected here sees orders placed on
 * any instance. Redelivered events are dropped by event_id. When the queue is (re)established,
 * streams opened while it was missing are asked to reconnect, which replays what they missed.
 */
@Injectable()
export class EventConsumer implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('event-consumer');
  private readonly seen = new RecentIds(DEDUPE_CAPACITY);
  private channel: Channel | null = null;
  private closing = false;

  constructor(
    private readonly rabbitMq: RabbitMqService,
    private readonly hub: SseHub,
  ) {}

  get isConsuming(): boolean {
    return this.channel !== null;
  }

  onModuleInit(): void {
    this.rabbitMq.on('connected', (connection: ChannelModel) => void this.subscribe(connection));
    this.rabbitMq.on('disconnected', () => {
      this.channel = null;
    });
    const current = this.rabbitMq.current;
    if (current) void this.subscribe(current);
  }

  private async subscribe(connection: ChannelModel): Promise<void> {
    if (this.closing) return;
    try {
      const channel = await connection.createChannel();
      channel.on('error', (error: Error) =>
        this.logger.warn(`consumer channel error: ${error.message}`),
      );
      channel.on('close', () => {
        if (this.channel === channel) this.channel = null;
      });
      const { queue } = await channel.assertQueue('', {
        exclusive: true,
        autoDelete: true,
        durable: false,
        arguments: { 'x-max-length': INSTANCE_QUEUE_MAX_LENGTH, 'x-overflow': 'drop-head' },
      });
      await channel.bindQueue(queue, EVENTS_EXCHANGE, '#');
      await channel.consume(queue, (message) => message && this.handle(message), {
        noAck: true,
      });
      this.channel = channel;
      void this.hub.disconnectAll('event feed (re)established');
    } catch (error) {
      this.logger.warn(`could not consume events: ${(error as Error).message}`);
    }
  }

  private handle(message: ConsumeMessage): void {
    const payload = parsePayload(message.content);
    if (!payload) {
      this.logger.warn(`dropped a malformed event (${message.fields.routingKey})`);
      return;
    }
    if (!this.seen.add(payload.event_id)) return;
    this.hub.broadcast(payload);
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    const channel = this.channel;
    this.channel = null;
    await channel?.close().catch(() => undefined);
  }
}

function parsePayload(content: Buffer): EventPayload | null {
  let value: unknown;
  try {
    value = JSON.parse(content.toString('utf8'));
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const candidate = value as Partial<EventPayload>;
  if (
    typeof candidate.event_id !== 'string' ||
    typeof candidate.store_id !== 'string' ||
    typeof candidate.occurred_at !== 'string' ||
    !ROUTING_KEYS.includes(candidate.type as RoutingKey)
  ) {
    return null;
  }
  return candidate as EventPayload;
}
