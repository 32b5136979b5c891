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
import { EventPayload } from '../outbox/event-types';
import { SseClient, SseClientEndReason, StreamSubscription } from './sse-client';
import { eventFrame, HEARTBEAT_FRAME, retryFrame } from './sse-frames';

/** Reconnect hints are spread over this window so dashboards don't all come back at once. */
const RECONNECT_MIN_MS = 1000;
const RECONNECT_SPREAD_MS = 4000;

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
  private readonly principals = new Map<SseClient, Principal>();
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

  /** Registers a stream in its buffering state (see SseClient). */
  register(
    principal: Principal & { store_id: string },
    subscription: StreamSubscription,
    response: ServerResponse,
  ): SseClient {
    const storeId = principal.store_id;
    const client = new SseClient(
      storeId,
      subscription,
      response,
      this.config.sse.maxBufferedBytes,
      (c, reason) => this.unregister(c, reason),
    );
    let clients = this.byStore.get(storeId);
    if (!clients) {
      clients = new Set();
      this.byStore.set(storeId, clients);
    }
    clients.add(client);
    this.principals.set(client, principal);
    this.clientCount++;
    this.metrics.sseClientConnected();
    if (this.closing) client.end(retryFrame(this.reconnectDelayMs()));
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

  /** Ends every stream with a reconnect hint. */
  disconnectAll(why: string): void {
    if (this.clientCount === 0) return;
    this.logger.log(`closing ${this.clientCount} event streams: ${why}`);
    for (const clients of this.byStore.values()) {
      for (const client of clients) client.end(retryFrame(this.reconnectDelayMs()));
    }
  }

  /** Ends, without a reconnect hint, the streams opened with a token that was just revoked. */
  private endRevoked(revocation: Revocation): void {
    for (const [client, principal] of this.principals) {
      if (!revocationCovers(revocation, principal)) continue;
      this.logger.log(`event stream of store ${client.storeId} ended: its token was revoked`);
      client.end('');
    }
  }

  private unregister(client: SseClient, reason: SseClientEndReason): void {
    const clients = this.byStore.get(client.storeId);
    this.principals.delete(client);
    if (!clients?.delete(client)) return;
    this.clientCount--;
    this.metrics.sseClientDisconnected();
    if (clients.size === 0) this.byStore.delete(client.storeId);
    if (reason === 'slow_client') {
      this.logger.warn(
        `event stream of store ${client.storeId} disconnected: it fell more than ${this.config.sse.maxBufferedBytes} bytes behind`,
      );
    }
  }

  private heartbeat(): void {
    for (const clients of this.byStore.values()) {
      for (const client of clients) client.heartbeat(HEARTBEAT_FRAME);
    }
  }

  private reconnectDelayMs(): number {
    return RECONNECT_MIN_MS + Math.random() * RECONNECT_SPREAD_MS;
  }

  beforeApplicationShutdown(): void {
    this.closing = true;
    this.disconnectAll('shutting down');
  }

  onModuleDestroy(): void {
    this.stopRevocations?.();
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
  }
}
