import type { ServerResponse } from 'node:http';
import { EventPayload } from '../outbox/event-types';
import { StreamAudience } from './stream-audience';

/** Who a stream is for: which events it gets, and how its snapshot frame is read again. */
export interface StreamSubscription {
  audience: StreamAudience;
  snapshotFrame: () => Promise<string>;
}

/** The opening frames are written in pieces of this size, each after the socket took the last. */
const OPENING_CHUNK_BYTES = 64 * 1024;

export type SseClientEndReason = 'client_closed' | 'slow_client' | 'server_closed' | 'abandoned';

/**
 * One stream (an admin's dashboard or a tablet). It receives only the events its audience
 * accepts. It starts in a buffering state: it is registered with the hub before the
 * snapshot is read, so events arriving meanwhile are held and written right after the snapshot
 * (no gap). The snapshot (whatever its size) is written in chunks, each once the socket drained
 * the last, with events held meanwhile. Live writes are bounded: when the socket cannot keep up
 * and the response's buffer (or the events held during a snapshot) passes `maxBufferedBytes`, the
 * connection is destroyed instead of growing memory.
 */
export class SseClient {
  private held: { payload: EventPayload; frame: string }[] | null = [];
  private heldBytes = 0;
  private readonly replayedIds = new Set<string>();
  private ended = false;
  private endReason: SseClientEndReason = 'client_closed';

  private readonly onClose = (): void => this.finish(this.endReason);

  constructor(
    readonly storeId: string,
    readonly subscription: StreamSubscription,
    private readonly response: ServerResponse,
    private readonly maxBufferedBytes: number,
    private readonly onEnd: (client: SseClient, reason: SseClientEndReason) => void,
  ) {
    response.once('close', this.onClose);
  }

  get isOpen(): boolean {
    return !this.ended && !this.response.destroyed;
  }

  /**
   * Writes the opening frames (snapshot, replayed events), then whatever arrived while they
   * were being read, skipping events already replayed, and goes live.
   */
  async open(openingFrames: string[], replayedIds: Iterable<string>): Promise<void> {
    for (const id of replayedIds) this.replayedIds.add(id);
    await this.writeOpening(openingFrames.join(''));
  }

  deliver(payload: EventPayload, frame: string): void {
    if (this.held) {
      this.held.push({ payload, frame });
      this.heldBytes += Buffer.byteLength(frame);
      if (this.heldBytes > this.maxBufferedBytes) this.disconnectSlow();
      return;
    }
    if (this.replayedIds.has(payload.event_id)) return;
    this.write(frame);
  }

  /**
   * Writes a fresh snapshot (the orders this stream shows changed wholesale, e.g. a party moved).
   * Events arriving while it is read are held and follow it; a failed read ends the stream, whose
   * reconnect brings a snapshot anyway.
   */
  async resnapshot(): Promise<void> {
    if (this.held || !this.isOpen) return;
    this.held = [];
    let frame: string;
    try {
      frame = await this.subscription.snapshotFrame();
    } catch {
      this.response.destroy();
      return;
    }
    await this.writeOpening(frame);
  }

  /** Heartbeats only go to live streams; a buffering one has not sent its headers yet. */
  heartbeat(frame: string): void {
    if (!this.held) this.write(frame);
  }

  /** Ends the stream with a last frame (e.g. a retry hint). */
  end(lastFrame: string): void {
    if (!this.isOpen) return;
    this.endReason = 'server_closed';
    if (this.held) this.response.destroy();
    else this.response.end(lastFrame);
  }

  /** Gives up before the stream opened (the request is answered with an error instead). */
  abandon(): void {
    this.response.off('close', this.onClose);
    this.finish('abandoned');
  }

  private finish(reason: SseClientEndReason): void {
    if (this.ended) return;
    this.ended = true;
    this.held = null;
    this.onEnd(this, reason);
  }

  /**
   * Writes a snapshot (and replayed events) with backpressure, the events arriving meanwhile still
   * held, then those events, and goes live.
   */
  private async writeOpening(text: string): Promise<void> {
    const bytes = Buffer.from(text);
    for (let offset = 0; offset < bytes.length && this.isOpen; offset += OPENING_CHUNK_BYTES) {
      const flushed = this.response.write(bytes.subarray(offset, offset + OPENING_CHUNK_BYTES));
      if (!flushed) await this.drained();
    }
    const held = this.held ?? [];
    this.held = null;
    this.heldBytes = 0;
    for (const { payload, frame } of held) this.deliver(payload, frame);
  }

  /** Resolves once the socket took what was written, or the stream closed. */
  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.response.off('drain', done);
        this.response.off('close', done);
        resolve();
      };
      this.response.on('drain', done);
      this.response.on('close', done);
    });
  }

  private write(chunk: string): void {
    if (!this.isOpen) return;
    const flushed = this.response.write(chunk);
    if (!flushed && this.response.writableLength > this.maxBufferedBytes) this.disconnectSlow();
  }

  private disconnectSlow(): void {
    this.endReason = 'slow_client';
    this.response.destroy();
  }
}
