import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { RedisService } from '../../infrastructure/redis/redis.service';
import { OutageReport } from '../../infrastructure/resilience/outage-report';
import { CacheResult, MetricsService } from '../metrics/metrics.service';
import {
  escapeGlob,
  keyTokenPattern,
  namespaceOf,
  storeOfPartialPrefix,
  storeVersionPattern,
  tokenKeyOf,
  versionKey,
} from './cache-keys';
import { PendingInvalidations } from './pending-invalidations';

const SCAN_BATCH = 500;
/** After a failed Redis call the cache is bypassed this long, so a slow Redis costs one timeout. */
const BYPASS_AFTER_FAILURE_MS = 1000;
/** Version tokens outlive any entry; a lost token only costs one reload. */
const VERSION_TTL_SECONDS = 86_400;
/** How long a finished load under a known token still answers requests that missed just before it stored. */
const FLIGHT_LINGER_MS = 1000;

/** Writes the value only while the namespace still has the token the loader started under. */
const SET_IF_VERSION = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3])
end
return false`;

const GET_OR_CREATE_VERSION = `
local current = redis.call('GET', KEYS[1])
if current then return current end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return ARGV[1]`;

/**
 * Cache-aside over Redis, shared by every module.
 *
 * - Reads never fail because of Redis: when it is down or slow (bounded command timeout) the
 *   loader answers from PostgreSQL, with one warning per outage.
 * - Keys `{store}:{entity}:{id}` belong to the namespace (store, entity), which has a version
 *   token (keys of another shape have one each). Invalidating a key deletes its token, so a
 *   load that started before a write never stores its result afterwards (stale-set guard) and
 *   in-process copies tagged with the old token (see CacheAsideInterceptor) stop being served
 *   on every instance.
 * - Concurrent misses of one key under one token share one load (single flight).
 * - Invalidations are tried even while reads bypass Redis; those that fail are retried every
 *   second, and always before this instance reads the cache again.
 */
@Injectable()
export class CacheService implements OnApplicationShutdown {
  private readonly logger = new Logger('cache');
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly versionReads = new Map<string, Promise<string | null | undefined>>();
  private readonly pending = new PendingInvalidations();
  private flushing?: Promise<boolean>;
  private replayTimer?: NodeJS.Timeout;
  private closed = false;
  private readonly outage = new OutageReport(this.logger, {
    unavailable: (error) => `redis cache unavailable, serving from PostgreSQL: ${error.message}`,
    available: 'redis cache available again',
  });
  private bypassUntil = 0;

  constructor(
    private readonly redis: RedisService,
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async getOrLoad<T>(
    key: string,
    load: () => Promise<T>,
    ttlSeconds = this.config.cache.ttlSeconds,
  ): Promise<T> {
    let version: string | undefined;
    if (await this.usable()) {
      const [cached, current] = await Promise.all([
        this.call(() => this.redis.client.get(key)),
        this.token(tokenKeyOf(key)),
      ]);
      if (typeof cached === 'string') {
        this.record(key, 'hit');
        return JSON.parse(cached) as T;
      }
      // Only a clean miss (not a failed GET) under a known token may be filled.
      if (cached === null) version = current;
    }

    const flightKey = version === undefined ? key : `${key}\n${version}`;
    const pending = this.inFlight.get(flightKey);
    if (pending) {
      this.record(key, 'hit');
      return pending as Promise<T>;
    }
    this.record(key, 'miss');

    const loading = (async () => {
      const value = await load();
      if (version !== undefined && value !== undefined) {
        await this.store(key, value, ttlSeconds, version);
      }
      return value;
    })();
    const forget = () => {
      if (this.inFlight.get(flightKey) === loading) this.inFlight.delete(flightKey);
    };
    // A versioned result stays shareable a moment longer: a request whose GET missed just before
    // the store, but whose token read answered after it, joins this load instead of repeating it.
    // It is the value under `version`, and an invalidation drops it (forgetInFlight) or changes
    // the token (another flight key), so lingering never serves anything stale.
    loading.then(
      () => (version === undefined ? forget() : setTimeout(forget, FLIGHT_LINGER_MS).unref()),
      forget,
    );
    this.inFlight.set(flightKey, loading);
    return loading;
  }

  /**
   * The current version token of a namespace, or undefined when Redis cannot be used (then no
   * in-process copy may be trusted). Creates the token when the namespace has none.
   */
  currentVersion(storeId: string, entity: string): Promise<string | undefined> {
    if (Date.now() < this.bypassUntil) return Promise.resolve(undefined);
    const tokenKey = versionKey(storeId, entity);
    if (this.pending.isEmpty) return this.token(tokenKey);
    return this.usable().then((usable) => (usable ? this.token(tokenKey) : undefined));
  }

  /** Drops exact keys (and their namespaces' tokens); call after the write's transaction committed. */
  async invalidate(...keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    this.forgetInFlight((flightKey) => keys.some((key) => isFlightOf(flightKey, key)));
    if (await this.dropKeys(keys)) return;
    this.pending.addKeys(keys);
    this.scheduleReplay();
  }

  /** Drops every key under a prefix with SCAN (never KEYS); for key families like one table's history pages. */
  async invalidatePrefix(prefix: string): Promise<void> {
    this.forgetInFlight((flightKey) => flightKey.startsWith(prefix));
    if (await this.dropPrefix(prefix)) return;
    this.pending.addPrefix(prefix);
    this.scheduleReplay();
  }

  onApplicationShutdown(): void {
    this.closed = true;
    clearTimeout(this.replayTimer);
  }

  private async dropKeys(keys: readonly string[]): Promise<boolean> {
    const tokenKeys = new Set(keys.map(tokenKeyOf));
    // One UNLINK: the tokens and the entries disappear atomically.
    const dropped = await this.call(() => this.redis.client.unlink(...tokenKeys, ...keys), true);
    return dropped !== undefined;
  }

  private async dropPrefix(prefix: string): Promise<boolean> {
    const done = await this.call(async () => {
      // The token goes first: a load racing with the SCAN can then no longer store its value.
      const namespace = namespaceOf(prefix);
      const partialStore = storeOfPartialPrefix(prefix);
      if (namespace) {
        await this.redis.client.unlink(versionKey(namespace.storeId, namespace.entity));
      } else {
        if (partialStore) await this.scanUnlink(storeVersionPattern(partialStore));
        await this.scanUnlink(keyTokenPattern(prefix));
      }
      await this.scanUnlink(`${escapeGlob(prefix)}*`);
      return true;
    }, true);
    return done === true;
  }

  private async scanUnlink(pattern: string): Promise<void> {
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.client.scan(
        cursor,
        'MATCH',
        pattern,
        'COUNT',
        SCAN_BATCH,
      );
      if (keys.length > 0) await this.redis.client.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  }

  /** The token at `key`, created when missing; undefined when Redis cannot be used. */
  private async token(key: string): Promise<string | undefined> {
    const current = await this.readVersion(key);
    if (current !== null) return current;
    const created = await this.call(() =>
      this.redis.client.eval(
        GET_OR_CREATE_VERSION,
        1,
        key,
        randomBytes(9).toString('base64url'),
        VERSION_TTL_SECONDS,
      ),
    );
    return typeof created === 'string' ? created : undefined;
  }

  /**
   * Readers of one token within one microtask drain share one GET. That is safe: ioredis sends
   * queued commands at the earliest on the next setImmediate, so the shared GET leaves after
   * every request that joined it had arrived, and sees any write that finished before them.
   */
  private readVersion(key: string): Promise<string | null | undefined> {
    let read = this.versionReads.get(key);
    if (read === undefined) {
      read = this.call(() => this.redis.client.get(key));
      this.versionReads.set(key, read);
      process.nextTick(() => this.versionReads.delete(key));
    }
    return read;
  }

  /** Writes the value only while its token is still the one read before loading. */
  private async store(
    key: string,
    value: unknown,
    ttlSeconds: number,
    version: string,
  ): Promise<void> {
    const payload = JSON.stringify(value);
    await this.call(() =>
      this.redis.client.eval(SET_IF_VERSION, 2, tokenKeyOf(key), key, version, payload, ttlSeconds),
    );
  }

  /** Redis may serve reads: not in the bypass window, and no invalidation is waiting for replay. */
  private async usable(): Promise<boolean> {
    if (Date.now() < this.bypassUntil) return false;
    return this.pending.isEmpty || this.flushPending();
  }

  private flushPending(): Promise<boolean> {
    this.flushing ??= this.replayPending().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  /** Retries missed invalidations every second even if this instance serves no reads. */
  private scheduleReplay(): void {
    if (this.replayTimer || this.closed) return;
    this.replayTimer = setTimeout(() => {
      this.replayTimer = undefined;
      if (this.pending.isEmpty) return;
      // A replay that fails, or throws, is retried on the next tick of this timer.
      this.flushPending().then(
        (flushed) => flushed || this.scheduleReplay(),
        () => this.scheduleReplay(),
      );
    }, BYPASS_AFTER_FAILURE_MS);
    this.replayTimer.unref();
  }

  private async replayPending(): Promise<boolean> {
    const { keys, prefixes } = this.pending.snapshot();
    if (keys.length > 0) {
      if (!(await this.dropKeys(keys))) return false;
      this.pending.forgetKeys(keys);
    }
    for (const prefix of prefixes) {
      if (!(await this.dropPrefix(prefix))) return false;
      this.pending.forgetPrefix(prefix);
    }
    this.logger.log('replayed the invalidations missed while redis was unavailable');
    return this.pending.isEmpty;
  }

  private forgetInFlight(matches: (flightKey: string) => boolean): void {
    for (const flightKey of this.inFlight.keys()) {
      if (matches(flightKey)) this.inFlight.delete(flightKey);
    }
  }

  /**
   * One cache_requests_total sample per lookup, labelled by the key's entity: a miss when this
   * call runs the loader (PostgreSQL is read), a hit when Redis answered or a load was shared.
   */
  private record(key: string, result: CacheResult): void {
    this.metrics.recordCacheLookup(entityOf(key), result);
  }

  /**
   * Runs a Redis call; on failure logs once per outage, bypasses Redis briefly, yields undefined.
   * Invalidations pass `evenWhileBypassed`: they matter more than the time a failure costs.
   */
  private async call<T>(
    command: () => Promise<T>,
    evenWhileBypassed = false,
  ): Promise<T | undefined> {
    if (!evenWhileBypassed && Date.now() < this.bypassUntil) return undefined;
    try {
      const result = await command();
      this.outage.succeeded();
      return result;
    } catch (error) {
      this.bypassUntil = Date.now() + BYPASS_AFTER_FAILURE_MS;
      this.outage.failed(error as Error);
      return undefined;
    }
  }
}

/** `{store}:{entity}:…` → entity; a key of another shape (`session:{id}`) → its first part. */
function entityOf(key: string): string {
  return (namespaceOf(key)?.entity ?? key.slice(0, Math.max(0, key.indexOf(':')))) || 'unnamed';
}

function isFlightOf(flightKey: string, key: string): boolean {
  return flightKey === key || flightKey.startsWith(`${key}\n`);
}
