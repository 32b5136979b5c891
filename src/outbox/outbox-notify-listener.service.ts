import { Inject, Injectable, Logger } from '@nestjs/common';
import { Client } from 'pg';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { listenOn } from '../database/notifications';
import { BackoffPolicy, BackoffTimer } from '../infrastructure/resilience/backoff';
import { OUTBOX_NOTIFY_CHANNEL } from './event-types';

const RECONNECT_BACKOFF: BackoffPolicy = { initialMs: 250, maxMs: 10_000 };

/**
 * A dedicated PostgreSQL connection LISTENing on the outbox channel (a pooled connection cannot
 * hold a LISTEN). Calls `onWake` on every notification, and once after each (re)connect since
 * notifications sent while it was away are lost. Reconnects with capped exponential back-off.
 */
@Injectable()
export class OutboxNotifyListener {
  private readonly logger = new Logger('outbox-listener');
  private client: Client | null = null;
  private readonly reconnect = new BackoffTimer(RECONNECT_BACKOFF);
  private stopped = true;
  private onWake: () => void = () => undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  start(onWake: () => void): void {
    this.onWake = onWake;
    this.stopped = false;
    void this.connect();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({
      connectionString: this.config.database.url,
      application_name: 'table-order-api:outbox-listener',
      connectionTimeoutMillis: 5000,
      keepAlive: true,
    });
    client.on('error', (error: Error) => this.handleLoss(client, error.message));
    client.on('end', () => this.handleLoss(client, 'connection ended'));
    client.on('notification', () => this.onWake());
    this.client = client;
    try {
      await client.connect();
      await listenOn(client, OUTBOX_NOTIFY_CHANNEL);
      if (this.reconnect.failures > 0) this.logger.log('outbox LISTEN connection restored');
      this.reconnect.succeeded();
      this.onWake();
    } catch (error) {
      this.handleLoss(client, (error as Error).message);
    }
  }

  private handleLoss(client: Client, reason: string): void {
    if (this.client !== client) return;
    this.client = null;
    client.end().catch(() => undefined);
    if (this.stopped) return;
    this.logger.warn(`outbox LISTEN connection lost (${reason}); reconnecting`);
    this.reconnect.retryAfterFailure(() => void this.connect());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.reconnect.cancel();
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}
