import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleInit,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { MetricsService } from '../common/metrics/metrics.service';
import { BackoffPolicy, BackoffTimer } from '../infrastructure/resilience/backoff';
import { OutageReport } from '../infrastructure/resilience/outage-report';
import { EventPublisher } from './event-publisher.service';
import { OutboxNotifyListener } from './outbox-notify-listener.service';
import { OutboxRepository } from './outbox.repository';

const RETRY_BACKOFF: BackoffPolicy = { initialMs: 200, maxMs: 10_000 };

/**
 * Moves outbox rows to the broker. Woken by NOTIFY right after a writing transaction commits,
 * by a fallback poll, and when a publish channel opens. Each batch is one transaction: lock the
 * oldest pending rows (SKIP LOCKED, so instances share the work), publish, wait for the broker's
 * confirms, mark the rows published, commit. Any failure rolls the batch back (the rows stay
 * pending) and the relay backs off until the next attempt or until the broker is back.
 */
@Injectable()
export class OutboxRelayService
  implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly outage = new OutageReport(new Logger('outbox-relay'), {
    unavailable: (error) => `outbox relay paused: ${error.message}`,
    available: 'outbox relay recovered',
  });
  private running: Promise<void> | null = null;
  private wakeRequested = false;
  private stopped = false;
  private readonly retry = new BackoffTimer(RETRY_BACKOFF);
  private pollTimer: NodeJS.Timeout | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxRepository,
    private readonly publisher: EventPublisher,
    private readonly listener: OutboxNotifyListener,
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.metrics.registerOutboxPendingCollector(() => this.outbox.countPending());
    this.metrics.registerOutboxOldestPendingCollector(() => this.outbox.oldestPendingSeconds());
  }

  onApplicationBootstrap(): void {
    this.publisher.on('ready', () => {
      this.retry.cancel();
      this.wake();
    });
    this.listener.start(() => this.wake());
    this.pollTimer = setInterval(() => this.wake(), this.config.outbox.pollIntervalMs);
    this.pollTimer.unref();
    this.wake();
  }

  /** Asks for a drain; coalesces with a running one, and waits out a back-off. */
  wake(): void {
    if (this.stopped || this.retry.isWaiting) return;
    if (this.running) {
      this.wakeRequested = true;
      return;
    }
    this.wakeRequested = false;
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.wakeRequested) this.wake();
    });
  }

  private async drain(): Promise<void> {
    try {
      let ranBatch = false;
      while (!this.stopped && this.publisher.isReady) {
        ranBatch = true;
        const published = await this.publishBatch();
        if (published < this.config.outbox.batchSize) break;
      }
      if (ranBatch) {
        this.outage.succeeded();
        this.retry.succeeded();
      }
    } catch (error) {
      this.scheduleRetry(error as Error);
    }
  }

  private async publishBatch(): Promise<number> {
    let lockedIds: string[] = [];
    try {
      const published = await this.dataSource.transaction(async (manager) => {
        const events = await this.outbox.lockPending(manager, this.config.outbox.batchSize);
        if (events.length === 0) return [];
        lockedIds = events.map((event) => event.id);
        await this.publisher.publish(events);
        await this.outbox.markPublished(manager, lockedIds);
        return events;
      });
      for (const event of published) this.metrics.recordEventPublished(event.routingKey);
      return published.length;
    } catch (error) {
      if (lockedIds.length > 0) {
        await this.outbox.recordFailedAttempt(lockedIds).catch(() => undefined);
      }
      throw error;
    }
  }

  private scheduleRetry(error: Error): void {
    if (this.stopped) return;
    this.outage.failed(error);
    this.retry.retryAfterFailure(() => this.wake());
  }

  /** Stops taking new batches and lets the one in flight finish (commit or roll back). */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.retry.cancel();
    if (this.pollTimer) clearInterval(this.pollTimer);
    await this.listener.stop();
    await this.running;
  }
}
