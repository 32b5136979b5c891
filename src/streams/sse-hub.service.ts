import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnModuleDestroy,
  OnModuleInit,
} from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { Principal } from '../common/http/principal';
import {
  Revocation,
  revocationCovers,
  TokenVersionService,
} from '../auth/revocation/token-version.service';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { MetricsService } from '../common/metrics/metrics.service';
import { AppException } from '../common/errors/app.exception';
import { ErrorCode } from '../common/errors/error-code';
import { EventPayload } from '../outbox/event-types';
import { SseClient, SseClientEndReason, StreamSubscription } from './sse-client';
import { eventFrame, HEARTBEAT_FRAME } from './sse-frames';

/** Reconnect hints are spread over this window so dashboards don't all come back at once. */
const RECONNECT_MIN_MS = 1000;
const RECONNECT_SPREAD_MS = 4000;
/** Retry-After of a stream refused by a cap: a place frees when another stream closes. */
const CAPPED_RETRY_AFTER_SECONDS = 5;

type StoreScopedPrincipal = Principal & { store_id: string };

/** One key per caller: an admin account, or a table of a store. */
function principalKey(principal: StoreScopedPrincipal): string {
  return `${principal.role}:${principal.store_id}:${principal.sub}`;
}

/**
 * This instance's event streams (admin dashboards and tablets), by store. Fans each event out to
 * the streams of its store whose audience accepts it (a tablet: its own table's events and the
 * menu's),
 * writes the heartbeat comment, and ends every stream with a reconnect hint on shutdown or when
 * the instance's event feed was interrupted (the reconnect brings a fresh snapshot and replay).
 */
@Injectable()
export class SseHub implements OnModuleInit, OnModuleDestroy, BeforeApplicationShutdown {
  private readonly logger = new Logger('sse');
  private readonly byStore = new Map<string, Set<SseClient>>();
  /** Who opened each stream, so a revocation of its token ends it. */
  private readonly principals = new Map<SseClient, StoreScopedPrincipal>();
  /** Open streams per principalKey, for SSE_MAX_STREAMS_PER_PRINCIPAL. */
  private readonly perPrincipal = new Map<string, number>();
  private stopRevocations: (() => void) | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private clientCount = 0;
  private closing = false;

  constructor(
    private readonly metrics: MetricsService,
    private readonly tokenVersions: TokenVersionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.stopRevocations = this.tokenVersions.onRevocation((revocation) =>
      this.endRevoked(revocation),
    );
    this.heartbeatTimer = setInterval(() => this.heartbeat(), this.config.sse.heartbeatMs);
    this.heartbeatTimer.unref();
  }

  /**
   * Registers a stream in its buffering state (see SseClient). Refuses it (429, before any byte of
   * the stream) when its principal or its store already has as many open streams on this
   * instance as the caps allow.
   */
  register(
    principal: StoreScopedPrincipal,
    subscription: StreamSubscription,
    response: ServerResponse,
  ): SseClient {
    const storeId = principal.store_id;
    const key = principalKey(principal);
    this.assertUnderCaps(storeId, key);
    const client = new SseClient(storeId, subscription, response, this.config.sse, (c, reason) =>
      this.unregister(c, reason),
    );
    let clients = this.byStore.get(storeId);
    if (!clients) {
      clients = new Set();
      this.byStore.set(storeId, clients);
    }
    clients.add(client);
    this.principals.set(client, principal);
    this.perPrincipal.set(key, (this.perPrincipal.get(key) ?? 0) + 1);
    this.clientCount++;
    this.metrics.sseClientConnected();
    if (this.closing) client.end(this.reconnectDelayMs());
    return client;
  }

  broadcast(payload: EventPayload): void {
    const clients = this.byStore.get(payload.store_id);
    if (!clients) return;
    const frame = eventFrame(payload);
    for (const client of clients) {
      const route = client.subscription.audience(payload);
      if (route === 'event') client.deliver(payload, frame);
      else if (route === 'snapshot') void client.resnapshot();
    }
  }

  /**
   * Ends every stream with a reconnect hint. Resolves once each has been written out (a client
   * that reads nothing more is reset within seconds, see SseClient.end).
   */
  async disconnectAll(why: string): Promise<void> {
    if (this.clientCount === 0) return;
    this.logger.log(`closing ${this.clientCount} event streams: ${why}`);
    const ended: Promise<void>[] = [];
    for (const clients of this.byStore.values()) {
      for (const client of clients) {
        client.end(this.reconnectDelayMs());
        ended.push(client.written());
      }
    }
    await Promise.all(ended);
  }

  /** Ends, without a reconnect hint, the streams opened with a token that was just revoked. */
  private endRevoked(revocation: Revocation): void {
    for (const [client, principal] of this.principals) {
      if (!revocationCovers(revocation, principal)) continue;
      this.logger.log(`event stream of store ${client.storeId} ended: its token was revoked`);
      client.end(null);
    }
  }

  private assertUnderCaps(storeId: string, key: string): void {
    const { maxStreamsPerPrincipal, maxStreamsPerStore } = this.config.sse;
    let refusal: string | null = null;
    if ((this.perPrincipal.get(key) ?? 0) >= maxStreamsPerPrincipal) {
      refusal = `at most ${maxStreamsPerPrincipal} open event streams per caller`;
    } else if ((this.byStore.get(storeId)?.size ?? 0) >= maxStreamsPerStore) {
      refusal = `at most ${maxStreamsPerStore} open event streams per store`;
    }
    if (!refusal) return;
    this.metrics.recordRateLimited('sse_streams');
    throw new AppException(
      ErrorCode.RATE_LIMIT_EXCEEDED,
      `Too many event streams: ${refusal}`,
      undefined,
      {
        'Retry-After': String(CAPPED_RETRY_AFTER_SECONDS),
      },
    );
  }

  private unregister(client: SseClient, reason: SseClientEndReason): void {
    const clients = this.byStore.get(client.storeId);
    const principal = this.principals.get(client);
    this.principals.delete(client);
    if (!clients?.delete(client)) return;
    if (principal) this.releasePrincipal(principalKey(principal));
    this.clientCount--;
    this.metrics.sseClientDisconnected(reason);
    if (clients.size === 0) this.byStore.delete(client.storeId);
    if (reason === 'slow_client') {
      this.logger.warn(
        `event stream of store ${client.storeId} disconnected: it fell more than ${this.config.sse.maxBufferedBytes} bytes behind`,
      );
    } else if (reason === 'snapshot_timeout') {
      this.logger.warn(
        `event stream of store ${client.storeId} disconnected: its snapshot was not written within ${this.config.sse.snapshotTimeoutMs} ms`,
      );
    }
  }

  private releasePrincipal(key: string): void {
    const open = (this.perPrincipal.get(key) ?? 0) - 1;
    if (open > 0) this.perPrincipal.set(key, open);
    else this.perPrincipal.delete(key);
  }

  private heartbeat(): void {
    for (const clients of this.byStore.values()) {
      for (const client of clients) client.heartbeat(HEARTBEAT_FRAME);
    }
  }

  private reconnectDelayMs(): number {
    return RECONNECT_MIN_MS + Math.random() * RECONNECT_SPREAD_MS;
  }

  /**
   * Ends the streams and waits until their last bytes are written: the HTTP server's close that
   * follows destroys every connection whose response has ended, written out or not.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    await this.disconnectAll('shutting down');
  }

  onModuleDestroy(): void {
    this.stopRevocations?.();
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
  }
}
