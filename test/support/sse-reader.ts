import { IncomingHttpHeaders, IncomingMessage, request } from 'node:http';
import { AddressInfo } from 'node:net';
import { EventConsumer } from '../../src/streams/event-consumer.service';
import { TestApp } from './test-app';
import { testListenPort } from './test-config';
import { eventually } from './eventually';

/**
 * Makes a test app listen (streams need a real socket) once its own event queue consumes, so a
 * stream opened next is never asked to reconnect by the queue's arrival. Returns the port.
 */
export async function listenForStreams(testApp: TestApp): Promise<number> {
  await testApp.app.listen(testListenPort(), '127.0.0.1');
  await eventually(() => expect(testApp.app.get(EventConsumer).isConsuming).toBe(true));
  return (testApp.app.getHttpServer().address() as AddressInfo).port;
}

export interface SseFrame {
  id?: string;
  event?: string;
  data?: string;
  retry?: number;
  comments: string[];
}

/**
 * A raw HTTP client reading a Server-Sent Events stream from a listening server (`inject` cannot
 * stream). Frames are parsed as they arrive; `nextFrame` waits for one matching a predicate.
 */
export class SseReader {
  readonly frames: SseFrame[] = [];
  status = 0;
  headers: IncomingHttpHeaders = {};
  body = '';
  ended = false;
  /** The body ended cleanly (the server ended the response), not cut by a reset or an abort. */
  completed = false;
  /**
   * The reconnect delay the stream set last, as EventSource keeps it: a `retry:` line counts as
   * soon as it arrives, even within an event the stream then ends in the middle of.
   */
  retryDelay: number | undefined;
  private buffer = '';
  /** Where the body's current line starts, and how far it was searched for its end. */
  private lineStart = 0;
  private searched = 0;
  private response: IncomingMessage | null = null;
  private readonly waiters = new Set<() => void>();

  private constructor() {}

  /**
   * Resolves once the response headers arrived. A `paused` reader takes no byte of the body
   * until `resume()`: its socket stops reading, so the server soon cannot write to it.
   */
  static open(
    port: number,
    path: string,
    headers: Record<string, string> = {},
    { paused = false }: { paused?: boolean } = {},
  ): Promise<SseReader> {
    const reader = new SseReader();
    return new Promise((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path, headers: { accept: 'text/event-stream', ...headers } },
        (response) => {
          reader.response = response;
          reader.status = response.statusCode ?? 0;
          reader.headers = response.headers;
          response.setEncoding('utf8');
          if (paused) response.pause();
          response.on('data', (chunk: string) => reader.receive(chunk));
          response.on('end', () => (reader.completed = true));
          const finish = (): void => {
            reader.ended = true;
            reader.notify();
          };
          response.on('end', finish);
          response.on('close', finish);
          response.on('error', finish);
          resolve(reader);
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  resume(): void {
    this.response?.resume();
  }

  private receive(chunk: string): void {
    this.body += chunk;
    this.buffer += chunk;
    this.scanRetryLines();
    let boundary: number;
    while ((boundary = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, boundary);
      this.buffer = this.buffer.slice(boundary + 2);
      this.frames.push(parseBlock(block));
    }
    this.notify();
  }

  private scanRetryLines(): void {
    let newline: number;
    while ((newline = this.body.indexOf('\n', this.searched)) >= 0) {
      if (this.body.startsWith('retry:', this.lineStart)) {
        const value = this.body.slice(this.lineStart + 'retry:'.length, newline).trim();
        if (/^\d+$/.test(value)) this.retryDelay = Number(value);
      }
      this.lineStart = this.searched = newline + 1;
    }
    this.searched = this.body.length;
  }

  private notify(): void {
    for (const waiter of this.waiters) waiter();
  }

  /** Events (frames with data), in arrival order. */
  get events(): SseFrame[] {
    return this.frames.filter((frame) => frame.data !== undefined);
  }

  async nextFrame(
    matches: (frame: SseFrame) => boolean,
    what: string,
    timeoutMs = 20_000,
  ): Promise<SseFrame> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const found = this.frames.find(matches);
        if (found) {
          done();
          resolve(found);
        } else if (this.ended) {
          done();
          reject(new Error(`stream ended before ${what}; received:\n${this.body}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out waiting for ${what}; received:\n${this.body}`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  async waitForEnd(timeoutMs = 20_000): Promise<void> {
    await this.nextFrame(() => false, 'the end of the stream', timeoutMs).catch((error: Error) => {
      if (!this.ended) throw error;
    });
  }

  close(): void {
    this.response?.destroy();
  }
}

function parseBlock(block: string): SseFrame {
  const frame: SseFrame = { comments: [] };
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) {
      frame.comments.push(line.slice(1).trim());
      continue;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') frame.id = value;
    else if (field === 'event') frame.event = value;
    else if (field === 'data')
      frame.data = frame.data === undefined ? value : `${frame.data}\n${value}`;
    else if (field === 'retry') frame.retry = Number(value);
  }
  return frame;
}
