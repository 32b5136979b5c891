import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import { EntityManager } from 'typeorm';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { RedisService } from '../../infrastructure/redis/redis.service';
import { Principal } from '../../common/http/principal';
import { TokenVersionsRepository } from './token-versions.repository';

/**
 * A revocation reaches every instance within this, even if its notice is lost (see
 * docs/decisions.md, 'Revocation: a token version per account and table, …').
 */
export const TOKEN_VERSION_CACHE_MS = 5000;
/** Bounds the memory of the cache; the oldest entry makes room (it is reloaded when needed). */
const CACHE_LIMIT = 100_000;
const CHANNEL_PREFIX = 'token-revocations:';

/** What was revoked: one principal's earlier tokens, or every token of a store. */
export type Revocation = { key: string } | { storeId: string };

interface CachedVersion {
  version: number | null;
  storeId: string | null;
  loadedAtMs: number;
}

/** Cache key of a principal: role, id and store, so an id reused after a reset is another key. */
export function principalKey(principal: Pick<Principal, 'role' | 'sub' | 'store_id'>): string {
  return `${principal.role}:${principal.sub}:${principal.store_id ?? ''}`;
}

export function revocationCovers(revocation: Revocation, principal: Principal): boolean {
  return 'key' in revocation
    ? revocation.key === principalKey(principal)
    : revocation.storeId === principal.store_id;
}

/**
 * Whether a verified token is still current: its `ver` claim must equal the version of its account
 * or table (docs/decisions.md, 'Revocation'). Versions are kept in memory for at most
 * TOKEN_VERSION_CACHE_MS, so the check on every request is a Map look-up; an expired or missing
 * entry costs one primary-key query, shared by the requests waiting for it. A revocation drops the
 * entry here at once and, through Redis pub/sub, on every other instance; the expiry bounds the
 * delay when a notice is lost (Redis away), and a reconnected subscriber forgets everything it
 * holds.
 */
@Injectable()
export class TokenVersionService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('auth');
  private readonly cache = new Map<string, CachedVersion>();
  private readonly loading = new Map<string, Promise<CachedVersion>>();
  private readonly listeners = new Set<(revocation: Revocation) => void>();
  private readonly instanceId = randomUUID();
  private readonly channel: string;
  private subscriber: Redis | null = null;
  /** Raised by every revocation: a look-up that started before one is not remembered. */
  private generation = 0;

  constructor(
    private readonly versions: TokenVersionsRepository,
    private readonly redis: RedisService,
  ) {
    // Redis pub/sub ignores the database number; the channel carries it so apps sharing one
    // server on different databases (tests, several environments) stay apart.
    this.channel = `${CHANNEL_PREFIX}${redis.client.options.db ?? 0}`;
  }

  onModuleInit(): void {
    const subscriber = this.redis.client.duplicate({
      enableOfflineQueue: true,
      maxRetriesPerRequest: null,
    });
    let wasReady = false;
    subscriber.on('error', () => undefined); // the shared client already reports outages
    subscriber.on('ready', () => {
      if (wasReady) this.forgetAll(); // notices sent while we were away are lost
      wasReady = true;
    });
    subscriber.on('message', (_channel: string, message: string) => this.receive(message));
    subscriber.subscribe(this.channel).catch(() => undefined);
    this.subscriber = subscriber;
  }

  async onApplicationShutdown(): Promise<void> {
    this.subscriber?.disconnect();
  }

  /** Undefined when the cached version settles it; else a promise. Throws TOKEN_REVOKED. */
  assertCurrent(principal: Principal): Promise<void> | undefined {
    const key = principalKey(principal);
    const cached = this.cache.get(key);
    if (cached && isFresh(cached) && !isNewer(principal, cached)) {
      assertMatches(principal, cached);
      return undefined;
    }
    return this.load(key, principal, cached).then((current) => assertMatches(principal, current));
  }

  /** Subscribes to revocations (local and from other instances); returns the unsubscribe. */
  onRevocation(listener: (revocation: Revocation) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Call after raising a principal's version (or deactivating it) in PostgreSQL. */
  revoked(principal: Pick<Principal, 'role' | 'sub' | 'store_id'>): Promise<void> {
    return this.announce({ key: principalKey(principal) });
  }

  /** Within the transaction that deactivates the store: revokes every token of its principals. */
  raiseForStore(manager: EntityManager, storeId: string): Promise<void> {
    return this.versions.bumpStore(manager, storeId);
  }

  /** Call once the store's deactivation is committed. */
  storeRevoked(storeId: string): Promise<void> {
    return this.announce({ storeId });
  }

  private async announce(revocation: Revocation): Promise<void> {
    this.apply(revocation);
    try {
      await this.redis.client.publish(
        this.channel,
        JSON.stringify({ origin: this.instanceId, ...revocation }),
      );
    } catch (error) {
      this.logger.warn(
        `revocation notice not sent (${(error as Error).message}); other instances drop the old version within ${TOKEN_VERSION_CACHE_MS} ms`,
      );
    }
  }

  private receive(message: string): void {
    let parsed: { origin?: unknown; key?: unknown; storeId?: unknown };
    try {
      parsed = JSON.parse(message);
    } catch {
      return;
    }
    if (parsed.origin === this.instanceId) return;
    if (typeof parsed.key === 'string') this.apply({ key: parsed.key });
    else if (typeof parsed.storeId === 'string') this.apply({ storeId: parsed.storeId });
  }

  private forgetAll(): void {
    this.generation++;
    this.loading.clear();
    this.cache.clear();
  }

  private apply(revocation: Revocation): void {
    this.generation++;
    this.loading.clear();
    if ('key' in revocation) {
      this.cache.delete(revocation.key);
    } else {
      for (const [key, entry] of this.cache) {
        if (entry.storeId === revocation.storeId) this.cache.delete(key);
      }
    }
    for (const listener of this.listeners) listener(revocation);
  }

  private load(
    key: string,
    principal: Principal,
    stale: CachedVersion | undefined,
  ): Promise<CachedVersion> {
    const pending = this.loading.get(key);
    if (pending) return pending;
    const kind = principal.role === 'table' ? 'tables' : 'users';
    const loadedAtMs = Date.now();
    const generation = this.generation;
    const promise = this.versions
      .current(kind, Number(principal.sub))
      .then(({ version }) => {
        const entry = { version, storeId: principal.store_id, loadedAtMs };
        if (generation === this.generation) this.remember(key, entry);
        return entry;
      })
      .catch((error: unknown) => {
        // PostgreSQL away: the last known version is better than refusing every caller.
        if (stale) return stale;
        throw error;
      })
      .finally(() => {
        if (this.loading.get(key) === promise) this.loading.delete(key);
      });
    this.loading.set(key, promise);
    return promise;
  }

  private remember(key: string, entry: CachedVersion): void {
    this.cache.delete(key);
    if (this.cache.size >= CACHE_LIMIT) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(key, entry);
  }
}

function isFresh(entry: CachedVersion): boolean {
  return Date.now() - entry.loadedAtMs < TOKEN_VERSION_CACHE_MS;
}

/** A token newer than what we hold means our entry missed a change: reload it. */
function isNewer(principal: Principal, entry: CachedVersion): boolean {
  return entry.version !== null && principal.token_version > entry.version;
}

function assertMatches(principal: Principal, entry: CachedVersion): void {
  if (entry.version === principal.token_version) return;
  throw new AppException(ErrorCode.TOKEN_REVOKED, 'Access token has been revoked');
}
