import { AddressInfo, createServer, Server, Socket } from 'node:net';
import { testListenPort } from './test-config';

/**
 * A TCP proxy between the app and a shared service, so a test can simulate an outage without
 * touching the server other suites use: `cut()` stands in for `rabbitmqctl stop_app` (open
 * connections are dropped and new ones refused until `restore()`), `pause()` holds the app's
 * traffic (the service hears nothing, e.g. no publish reaches the broker) until `resume()`.
 */
export class TcpProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly paused = new Set<() => void>();
  private isCut = false;
  private isPaused = false;
  private port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  /** host:port to give the app instead of the target's. */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(testListenPort(), '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  private accept(client: Socket): void {
    if (this.isCut) {
      client.destroy();
      return;
    }
    const upstream = new Socket();
    upstream.connect(this.target.port, this.target.host);
    const held: Buffer[] = [];
    const flush = (): void => {
      for (const chunk of held.splice(0)) upstream.write(chunk);
    };
    client.on('data', (chunk: Buffer) => {
      if (this.isPaused) {
        held.push(chunk);
        this.paused.add(flush);
      } else upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    const closeBoth = (): void => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('error', closeBoth);
      socket.on('close', closeBoth);
    }
  }

  /** Drops every open connection and refuses new ones. */
  cut(): void {
    this.isCut = true;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  restore(): void {
    this.isCut = false;
  }

  /** Holds what the app sends; connections stay open. */
  pause(): void {
    this.isPaused = true;
  }

  resume(): void {
    this.isPaused = false;
    for (const flush of this.paused) flush();
    this.paused.clear();
  }

  async stop(): Promise<void> {
    this.cut();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** amqp://user:pass@host:port/vhost with host and port replaced by the proxy's. */
export function viaProxy(url: string, proxy: TcpProxy): string {
  const parsed = new URL(url);
  parsed.host = proxy.address;
  return parsed.toString();
}

export function targetOf(url: string): { host: string; port: number } {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port || 5672) };
}
