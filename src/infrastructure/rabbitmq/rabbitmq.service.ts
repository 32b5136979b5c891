import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ChannelModel, connect } from 'amqplib';
import { EventEmitter } from 'node:events';
import { AppConfig } from '../../config/app-config';
import { unreachable } from '../../config/unreachable';
import { APP_CONFIG } from '../../config/config.module';
import { BackoffPolicy, BackoffTimer } from '../resilience/backoff';
import { declareTopology } from './topology';

const RECONNECT_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 10_000 };

/**
 * Owns the AMQP connection: connects in the background (the API keeps taking orders while the
 * broker is away), declares the topology on every (re)connect, reconnects with back-off, and
 * emits `connected` with the new connection so channel owners can rebuild their channels.
 */
@Injectable()
export class RabbitMqService extends EventEmitter implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('rabbitmq');
  private connection: ChannelModel | null = null;
  private closing = false;
  /** The connection attempt in progress (or the last one), awaited at shutdown. */
  private attempt: Promise<void> = Promise.resolve();
  private readonly reconnect = new BackoffTimer(RECONNECT_BACKOFF);

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  get isConnected(): boolean {
    return this.connection !== null;
  }

  get current(): ChannelModel | null {
    return this.connection;
  }

  onModuleInit(): void {
    this.startAttempt();
  }

  private startAttempt(): void {
    this.attempt = this.connectOnce();
  }

  private async connectOnce(): Promise<void> {
    if (this.closing) return;
    try {
      const connection = await connect(this.config.rabbitmq.url, { timeout: 3000 });
      if (this.closing) {
        await connection.close().catch(() => undefined);
        return;
      }
      connection.on('error', (error: Error) =>
        this.logger.warn(`connection error: ${error.message}`),
      );
      connection.on('close', () => this.handleClose(connection));
      const channel = await connection.createChannel();
      await declareTopology(channel);
      await channel.close();
      if (this.closing) {
        await connection.close().catch(() => undefined);
        return;
      }
      this.connection = connection;
      if (this.reconnect.failures > 0) this.logger.log('broker connection restored');
      this.reconnect.succeeded();
      this.emit('connected', connection);
    } catch (error) {
      this.logger.warn(
        `${unreachable({ service: 'RabbitMQ', variable: 'RABBITMQ_URL', url: this.config.rabbitmq.url }, error)}; reconnecting`,
      );
      this.scheduleReconnect();
    }
  }

  private handleClose(connection: ChannelModel): void {
    if (this.connection !== connection) return;
    this.connection = null;
    this.emit('disconnected');
    if (!this.closing) {
      this.logger.warn('broker connection closed; reconnecting');
      this.scheduleReconnect();
    }
  }

  private scheduleReconnect(): void {
    if (this.closing) return;
    this.reconnect.retryAfterFailure(() => this.startAttempt());
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    this.reconnect.cancel();
    // An attempt still connecting closes what it opened itself; wait for it so nothing outlives close.
    await this.attempt;
    const connection = this.connection;
    this.connection = null;
    await connection?.close().catch(() => undefined);
  }
}
