import { createConnection, Socket } from 'node:net';

/**
 * A client that sends its request and then reads nothing: once the few kilobytes its socket
 * buffers are full, its receive window closes and the server's writes pile up. `resume()` reads
 * again and tells how the server had ended the connection.
 */
export class StalledStream {
  private constructor(private readonly socket: Socket) {}

  /** Resolves once the request is sent (the server may not have registered the stream yet). */
  static open(port: number, path: string, headers: Record<string, string>): Promise<StalledStream> {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.pause();
    socket.on('error', () => undefined);
    const head = Object.entries({
      host: `127.0.0.1:${port}`,
      accept: 'text/event-stream',
      ...headers,
    })
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        socket.write(`GET ${path} HTTP/1.1\r\n${head}\r\n`, () =>
          resolve(new StalledStream(socket)),
        );
      });
    });
  }

  /**
   * Reads what the connection still holds until it closes. Resolves with the error code it
   * closed with (`ECONNRESET`: the server reset it), or `end` for a clean close.
   */
  resume(): Promise<string> {
    return new Promise((resolve) => {
      if (this.socket.destroyed) {
        resolve('closed before resume');
        return;
      }
      let outcome = 'end';
      this.socket.on('error', (error: NodeJS.ErrnoException) => (outcome = error.code ?? 'error'));
      this.socket.on('close', () => resolve(outcome));
      this.socket.on('data', () => undefined);
      this.socket.resume();
    });
  }

  close(): void {
    this.socket.destroy();
  }
}
