import { SseReader } from './sse-reader';

/** What a browser waits before reconnecting when the stream never set `retry:` (Chromium). */
const DEFAULT_RECONNECT_MS = 3000;
/** Longer than any test: a stream is only ever ended by the server or by `close()`. */
const OPEN_FOREVER_MS = 10 * 60_000;

/**
 * A stream reconnected the way a browser's EventSource does it, with no code of the page's own:
 * after the stream ends or the connection fails it waits the last `retry:` hint, then reconnects
 * with the stream_session cookie, the spent ticket still in the URL and Last-Event-ID. Like
 * EventSource it gives up for good on an answer other than 200 (`failed`).
 */
export class ReconnectingStream {
  opened = 0;
  failed: string | undefined;
  /** Event ids received, over every connection, in order. */
  readonly eventIds: string[] = [];
  private lastEventId: string | undefined;
  private retryMs = DEFAULT_RECONNECT_MS;
  private current: SseReader | undefined;
  private closed = false;
  private readonly running: Promise<void>;

  constructor(
    private readonly port: number,
    private readonly url: string,
    private readonly cookie: string,
  ) {
    this.running = this.run();
  }

  get open(): boolean {
    return this.current !== undefined && !this.current.ended;
  }

  private async run(): Promise<void> {
    while (!this.closed) {
      const headers: Record<string, string> = { cookie: this.cookie };
      if (this.lastEventId !== undefined) headers['last-event-id'] = this.lastEventId;
      const reader = await SseReader.open(this.port, this.url, headers).catch(() => undefined);
      if (reader && reader.status !== 200) {
        this.failed = `${reader.status} ${reader.body}`;
        reader.close();
        return;
      }
      if (reader) {
        this.current = reader;
        this.opened++;
        await reader.waitForEnd(OPEN_FOREVER_MS);
        for (const frame of reader.frames) {
          if (frame.id !== undefined && frame.data !== undefined) {
            this.lastEventId = frame.id;
            this.eventIds.push(frame.id);
          }
        }
        if (reader.retryDelay !== undefined) this.retryMs = reader.retryDelay;
      }
      if (!this.closed) await new Promise((resolve) => setTimeout(resolve, this.retryMs));
    }
  }

  /** Ids received so far, the open connection's included. */
  receivedIds(): string[] {
    const live = this.open
      ? this.current!.frames.filter((frame) => frame.id !== undefined && frame.data !== undefined)
      : [];
    return [...this.eventIds, ...live.map((frame) => frame.id!)];
  }

  async close(): Promise<void> {
    this.closed = true;
    this.current?.close();
    await this.running;
  }
}
