import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { MenuItemsRepository, ReleasedSoldOut } from './menu-items.repository';
import { MenuChangedData, MenuWrites } from './menu-writes.service';

const RELEASE_BATCH = 500;
/** Never wake sooner than this: the database's clock may be a little behind this process's. */
const MIN_WAKE_MS = 20;

/**
 * Ends every `sold_out_until` once its time has passed: clears it, announces `menu.changed`
 * (entity menu_item) per store through the outbox and drops the store's cached item views.
 *
 * Every instance runs this: it wakes at the earliest sold_out_until it knows of (read after each
 * run, and re-read when this instance writes one) and at least every
 * MENU_SOLD_OUT_CHECK_INTERVAL_MS. The claim is one UPDATE … FOR UPDATE SKIP LOCKED in
 * PostgreSQL, so of all instances waking for one passing exactly one clears it and emits the
 * event; the others find nothing. Reads do not wait for it: the table view and orders judge
 * sold_out_until against the clock themselves.
 */
@Injectable()
export class SoldOutReleaser implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('sold-out');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private closed = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly items: MenuItemsRepository,
    private readonly writes: MenuWrites,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  /** A sold_out_until was written here: look again now (it may be sooner than the next wake). */
  wake(): void {
    this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.run(), delayMs);
    this.timer.unref();
  }

  private run(): void {
    this.timer = null;
    this.running = this.releaseDue()
      .then(() => this.items.nextSoldOutEnd())
      .then((next) => this.delayUntil(next))
      .catch((error: Error) => {
        this.logger.warn(`sold-out check failed: ${error.message}`);
        return this.config.menu.soldOutCheckIntervalMs;
      })
      .then((delay) => {
        this.running = null;
        const now = this.again;
        this.again = false;
        this.schedule(now ? 0 : delay);
      });
  }

  /** Clears what has passed and announces it; returns once the caches are invalidated. */
  async releaseDue(): Promise<number> {
    let total = 0;
    for (;;) {
      const changes = await this.dataSource.transaction(async (manager) => {
        const released = await this.items.releaseSoldOut(manager, RELEASE_BATCH);
        const byStore = groupByStore(released);
        for (const [storeId, changed] of byStore) {
          await this.writes.announce(manager, storeId, changed);
        }
        return { count: released.length, byStore };
      });
      for (const [storeId, changed] of changes.byStore) {
        await this.writes.invalidate(storeId, changed);
      }
      total += changes.count;
      if (changes.count < RELEASE_BATCH) return total;
    }
  }

  private delayUntil(next: Date | null): number {
    const interval = this.config.menu.soldOutCheckIntervalMs;
    if (next === null) return interval;
    return Math.min(interval, Math.max(MIN_WAKE_MS, new Date(next).getTime() - Date.now()));
  }
}

function groupByStore(released: ReleasedSoldOut[]): Map<string, MenuChangedData> {
  const byStore = new Map<string, MenuChangedData>();
  for (const { id, store_id: storeId } of released) {
    const changed = byStore.get(storeId) ?? { entity: 'menu_item', ids: [] };
    changed.ids.push(id);
    byStore.set(storeId, changed);
  }
  return byStore;
}
