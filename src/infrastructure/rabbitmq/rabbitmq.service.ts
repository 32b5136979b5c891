import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ChannelModel, connect } from 'amqplib';
import { EventEmitter } from 'node:events';
import { AppConfig } from '../../config/app-config';
import { unreachable } from '../../config/unreachable';
import { APP_CONFIG } from '../../config/config.module';
import { declareTopology } from './topology';

const MAX_RECONNECT_DELAY_MS = 10_000;

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
  private reconnectTimer: NodeJS.Timeout | null = null;
  private attempt = 0;

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
    void this.connectOnce();
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
      if (this.attempt > 0) this.logger.log('broker connection restored');
      this.attempt = 0;
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
    if (this.closing || this.reconnectTimer) return;
    const delay = Math.min(500 * 2 ** this.attempt, MAX_RECONNECT_DELAY_MS);
    this.attempt++;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connectOnce();
    }, delay);
    this.reconnectTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const connection = this.connection;
    this.connection = null;
    await connection?.close().catch(() => undefined);
  }
}
