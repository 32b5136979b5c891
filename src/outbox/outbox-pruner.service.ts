import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { OutboxRepository } from './outbox.repository';

const PRUNE_BATCH_SIZE = 1000;

/** Deletes published outbox rows older than the retention, in small batches, on every instance. */
@Injectable()
export class OutboxPrunerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('outbox-pruner');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly outbox: OutboxRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.pruneOnce()
        .catch((error: Error) => {
          this.logger.warn(`outbox prune failed: ${error.message}`);
          return 0;
        })
        .finally(() => {
          this.running = null;
        });
    }, this.config.outbox.pruneIntervalSeconds * 1000);
    this.timer.unref();
  }

  /** Returns how many rows were deleted. */
  async pruneOnce(): Promise<number> {
    const cutoff = new Date(Date.now() - this.config.outbox.retentionHours * 3600_000);
    let total = 0;
    for (;;) {
      const deleted = await this.outbox.deletePublishedBefore(cutoff, PRUNE_BATCH_SIZE);
      total += deleted;
      if (deleted < PRUNE_BATCH_SIZE) break;
    }
    if (total > 0) this.logger.log(`pruned ${total} published outbox events`);
    return total;
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
