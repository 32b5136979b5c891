import type { ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { finished } from 'node:stream/promises';
import { EventPayload } from '../outbox/event-types';
import { retryAfterCutFrame, retryFrame } from './sse-frames';
import { StreamAudience } from './stream-audience';

/** Who a stream is for: which events it gets, and how its snapshot frame is read again. */
export interface StreamSubscription {
  audience: StreamAudience;
  snapshotFrame: () => Promise<string>;
}

/** How far a stream may fall behind before its connection is reset. */
export interface SseClientLimits {
  /** Unsent bytes in this process (live frames, or events held during a snapshot). */
  maxBufferedBytes: number;
  /** How long the opening frames (snapshot, replayed events) may take to be written. */
  snapshotTimeoutMs: number;
}

/** The opening frames are written in pieces of this size, each after the socket took the last. */
const OPENING_CHUNK_BYTES = 64 * 1024;

/**
 * A stream the server ended gets this long to take its last bytes (a client that reads takes a
 * retry hint at once); then the connection is reset. Below the 10 s a shutdown gives its closing.
 */
const LAST_BYTES_TIMEOUT_MS = 5000;

export type SseClientEndReason =
  'client_closed' | 'slow_client' | 'snapshot_timeout' | 'server_closed' | 'abandoned';

/**
 * Closes a connection with a reset, so the kernel drops the bytes the client never took at once.
 * A plain close keeps them: the socket lingers, orphaned, retrying a client that reads nothing,
 * with up to its whole send buffer (4 MiB by default on Linux) still allocated.
 */
function resetConnection(response: ServerResponse): void {
  const socket = response.socket;
  if (socket instanceof Socket && !socket.destroyed) {
    try {
      socket.resetAndDestroy();
      return;
    } catch {
      // Not a TCP handle (e.g. TLS in this process): closed the ordinary way below.
    }
  }
  response.destroy();
}

/**
 * One stream (an admin's dashboard or a tablet). It receives only the events its audience
 * accepts. It starts in a buffering state: it is registered with the hub before the
 * snapshot is read, so events arriving meanwhile are held and written right after the snapshot
 * (no gap). The snapshot (whatever its size) is written in chunks, each once the socket drained
 * the last, with events held meanwhile, within `snapshotTimeoutMs`. Live writes are bounded: when
 * the socket cannot keep up and the response's buffer (or the events held during a snapshot)
 * passes `maxBufferedBytes`, the connection is reset instead of growing memory.
 */
export class SseClient {
  private held: { payload: EventPayload; frame: string }[] | null = [];
  private heldBytes = 0;
  private readonly replayedIds = new Set<string>();
  private ended = false;
  private endReason: SseClientEndReason = 'client_closed';
  /** Set once the server ended the stream: the reconnect delay its last bytes give, if any. */
  private ending: { retryDelayMs: number | null } | null = null;
  /** Wakes the opening write waiting for the socket to drain (the server ended the stream). */
  private wakeOpening: (() => void) | null = null;
  private deadline: NodeJS.Timeout | null = null;
  /** A fresh snapshot was asked for while the opening was read or written: it follows it. */
  private resnapshotDue = false;

  private readonly onClose = (): void => this.finish(this.endReason);

  constructor(
    readonly storeId: string,
    readonly subscription: StreamSubscription,
    private readonly response: ServerResponse,
    private readonly limits: SseClientLimits,
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
    if (this.ending) return;
    if (this.held) {
      this.held.push({ payload, frame });
      this.heldBytes += Buffer.byteLength(frame);
      if (this.heldBytes > this.limits.maxBufferedBytes) this.cut('slow_client');
      return;
    }
    if (this.replayedIds.has(payload.event_id)) return;
    this.write(frame);
  }

  /**
   * Writes a fresh snapshot (the orders this stream shows changed wholesale, e.g. a party moved).
   * Events arriving while it is read are held and follow it; a failed read ends the stream, whose
   * reconnect brings a snapshot anyway. Asked for while the opening (or another fresh snapshot)
   * is still read or written, whose read may predate the change, it follows that one.
   */
  async resnapshot(): Promise<void> {
    if (this.ending || !this.isOpen) return;
    if (this.held) {
      this.resnapshotDue = true;
      return;
    }
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

  /**
   * Ends the stream, with a reconnect hint or none (a revoked token). A live stream gets the
   * hint as a last frame. One whose opening frames are still being written (or not yet) gets no
   * more of them: the frame in progress is cut short and never dispatched, the hint follows it.
   * Either way the end is a clean one, and a client that takes nothing more is reset after
   * LAST_BYTES_TIMEOUT_MS.
   */
  end(retryDelayMs: number | null): void {
    if (!this.isOpen || this.ending) return;
    this.endReason = 'server_closed';
    this.ending = { retryDelayMs };
    // While buffering, the opening write (running or still to come) ends the stream.
    if (this.held) this.wakeOpening?.();
    else this.endNow(retryDelayMs === null ? '' : retryFrame(retryDelayMs));
  }

  /** Resolves once the response is written out to the socket, or the connection closed. */
  async written(): Promise<void> {
    await finished(this.response).catch(() => undefined);
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
    this.clearDeadline();
    this.onEnd(this, reason);
  }

  /**
   * Writes a snapshot (and replayed events) with backpressure, the events arriving meanwhile still
   * held, then those events, and goes live; or, when the server ended the stream meanwhile, ends it.
   */
  private async writeOpening(text: string): Promise<void> {
    const bytes = Buffer.from(text);
    this.setDeadline(this.limits.snapshotTimeoutMs, 'snapshot_timeout');
    let offset = 0;
    for (; offset < bytes.length && this.isOpen && !this.ending; offset += OPENING_CHUNK_BYTES) {
      const flushed = this.response.write(bytes.subarray(offset, offset + OPENING_CHUNK_BYTES));
      if (!flushed) await this.drained();
    }
    this.clearDeadline();
    const held = this.held ?? [];
    this.held = null;
    this.heldBytes = 0;
    if (!this.isOpen) return;
    if (this.ending) {
      const { retryDelayMs } = this.ending;
      const cutShort = offset < bytes.length;
      if (retryDelayMs === null) this.endNow('');
      else this.endNow(cutShort ? retryAfterCutFrame(retryDelayMs) : retryFrame(retryDelayMs));
      return;
    }
    for (const { payload, frame } of held) this.deliver(payload, frame);
    if (this.resnapshotDue) {
      this.resnapshotDue = false;
      await this.resnapshot();
    }
  }

  /** Resolves once the socket took what was written, the stream closed, or the server ended it. */
  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.response.off('drain', done);
        this.response.off('close', done);
        this.wakeOpening = null;
        resolve();
      };
      this.response.on('drain', done);
      this.response.on('close', done);
      this.wakeOpening = done;
    });
  }

  private endNow(lastBytes: string): void {
    this.response.end(lastBytes);
    this.setDeadline(LAST_BYTES_TIMEOUT_MS, 'server_closed');
  }

  private write(chunk: string): void {
    if (!this.isOpen || this.ending) return;
    const flushed = this.response.write(chunk);
    if (!flushed && this.response.writableLength > this.limits.maxBufferedBytes) {
      this.cut('slow_client');
    }
  }

  /** Resets the connection unless the response is written by then (`finish` clears it). */
  private setDeadline(ms: number, reason: SseClientEndReason): void {
    this.clearDeadline();
    this.deadline = setTimeout(() => {
      this.deadline = null;
      if (!this.response.writableFinished) this.cut(reason);
    }, ms);
    this.deadline.unref();
  }

  private clearDeadline(): void {
    if (this.deadline) clearTimeout(this.deadline);
    this.deadline = null;
  }

  private cut(reason: SseClientEndReason): void {
    this.endReason = reason;
    resetConnection(this.response);
  }
}
