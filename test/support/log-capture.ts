import { Writable } from 'node:stream';

export type LogLine = Record<string, unknown> & { level?: string; message?: string };

/** A pino destination that keeps every JSON line written by the app under test. */
export class LogCapture extends Writable {
  private readonly chunks: string[] = [];

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.chunks.push(chunk.toString('utf8'));
    callback();
  }

  /** Everything written so far, exactly as it would have reached stdout. */
  get text(): string {
    return this.chunks.join('');
  }

  get lines(): LogLine[] {
    return this.text
      .split('\n')
      .filter((line) => line.trim().length > 0)
      .map((line) => JSON.parse(line) as LogLine);
  }

  find(predicate: (line: LogLine) => boolean): LogLine[] {
    return this.lines.filter(predicate);
  }
}
