import { ServerResponse } from 'node:http';

type Write = typeof ServerResponse.prototype.write;

function byteLength(chunk: unknown): number {
  if (typeof chunk === 'string') return Buffer.byteLength(chunk);
  return chunk instanceof Uint8Array ? chunk.byteLength : 0;
}

/**
 * Watches, from inside the process, what an app under test writes to its responses on one path
 * (its event streams): the unsent bytes a response holds right after each write, and the
 * largest write. `stop()` puts the ordinary write back.
 */
export class StreamResponseWatch {
  /** Most bytes a response held unsent (in this process) right after a write. */
  maxUnsentBytes = 0;
  maxWriteBytes = 0;
  /** Every response written to on the path. */
  readonly responses = new Set<ServerResponse>();
  private readonly original: Write = ServerResponse.prototype.write;

  constructor(pathPrefix: string) {
    const original = this.original;
    const record = (response: ServerResponse, chunk: unknown): void => {
      if (!response.req?.url?.startsWith(pathPrefix)) return;
      this.responses.add(response);
      this.maxUnsentBytes = Math.max(this.maxUnsentBytes, response.writableLength);
      this.maxWriteBytes = Math.max(this.maxWriteBytes, byteLength(chunk));
    };
    ServerResponse.prototype.write = function (this: ServerResponse, ...args: Parameters<Write>) {
      const flushed = original.apply(this, args);
      record(this, args[0]);
      return flushed;
    } as Write;
  }

  stop(): void {
    ServerResponse.prototype.write = this.original;
  }
}
