import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OutgoingHttpHeaders } from 'node:http';
import { StoreAdminPrincipal, TablePrincipal } from '../common/http/principal';
import { isUuid } from '../common/http/parse-id.pipe';
import { InFlightRequests } from '../common/lifecycle/in-flight-requests.service';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { OrderQueriesService } from '../orders/order-queries.service';
import { EventPayload } from '../outbox/event-types';
import { EventReplayService } from '../outbox/event-replay.service';
import { eventFrame, snapshotFrame } from './sse-frames';
import { SseHub } from './sse-hub.service';
import { StreamAudience, storeAudience, tableAudience } from './stream-audience';

const SSE_HEADERS: OutgoingHttpHeaders = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
};

type StoreScoped = StoreAdminPrincipal | TablePrincipal;

interface StreamSpec {
  audience: StreamAudience;
  /** The orders of the opening `snapshot` frame. */
  snapshot: () => Promise<readonly unknown[]>;
}

/**
 * Opens the order streams, an admin's (the store's events, snapshot of its active orders) and a
 * tablet's (its table's events and the store's menu changes, snapshot of its current session),
 * on one machinery: the stream is registered with the hub first (events arriving meanwhile are
 * held), the snapshot and the Last-Event-ID replay (filtered by the same audience) are read, and
 * only then the response is taken over from Fastify, so a failing read still answers with the
 * normal error envelope.
 */
@Injectable()
export class OrderStreamService {
  constructor(
    private readonly hub: SseHub,
    private readonly replay: EventReplayService,
    private readonly orders: OrderQueriesService,
    private readonly inFlight: InFlightRequests,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  openForAdmin(
    principal: StoreScoped,
    request: FastifyRequest,
    reply: FastifyReply,
    lastEventId: string | undefined,
  ): Promise<void> {
    return this.open(principal, request, reply, lastEventId, {
      audience: storeAudience,
      snapshot: () => this.orders.listActiveForStore(principal.store_id),
    });
  }

  openForTable(
    principal: TablePrincipal,
    request: FastifyRequest,
    reply: FastifyReply,
    lastEventId: string | undefined,
  ): Promise<void> {
    return this.open(principal, request, reply, lastEventId, {
      audience: tableAudience(principal.table_id),
      snapshot: () => this.orders.listForTable(principal.store_id, principal.table_id),
    });
  }

  private async open(
    principal: StoreScoped,
    request: FastifyRequest,
    reply: FastifyReply,
    lastEventId: string | undefined,
    { audience, snapshot }: StreamSpec,
  ): Promise<void> {
    const client = this.hub.register(
      principal,
      { audience, snapshotFrame: async () => snapshotFrame(await snapshot()) },
      reply.raw,
    );
    let orders: readonly unknown[];
    let replay: EventPayload[];
    try {
      [orders, replay] = await Promise.all([
        snapshot(),
        this.eventsAfter(principal.store_id, lastEventId),
      ]);
    } catch (error) {
      client.abandon();
      throw error;
    }
    // Past moves need no snapshot of their own: the opening one is fresh.
    replay = replay.filter((event) => audience(event) === 'event');

    reply.hijack();
    // From here the request never finishes on its own: a shutdown must not wait for it (the hub
    // ends it with a reconnect hint instead).
    this.inFlight.release(request);
    if (!client.isOpen) return;
    // Hooks (request id, CORS, security headers) set their headers on the reply; Fastify does
    // not write them for a hijacked reply, so they are copied onto the raw response here.
    reply.raw.writeHead(200, { ...(reply.getHeaders() as OutgoingHttpHeaders), ...SSE_HEADERS });
    request.raw.socket.setNoDelay(true);
    request.raw.socket.setKeepAlive(true);
    await client.open(
      [snapshotFrame(orders), ...replay.map(eventFrame)],
      replay.map((event) => event.event_id),
    );
  }

  /** Events of the store after `lastEventId`, when that id is still in the outbox; else none. */
  private async eventsAfter(
    storeId: string,
    lastEventId: string | undefined,
  ): Promise<EventPayload[]> {
    if (!lastEventId || !isUuid(lastEventId) || this.config.sse.replayLimit === 0) return [];
    return (await this.replay.eventsAfter(storeId, lastEventId, this.config.sse.replayLimit)) ?? [];
  }
}
