import { AddressInfo, createConnection, createServer, Server, Socket } from 'node:net';
import { testListenPort } from './test-config';

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(testListenPort(), '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

export interface HangingServer {
  port: number;
  close(): Promise<void>;
}

/** Accepts TCP connections and never answers: a dependency that hangs. */
export async function startHangingServer(): Promise<HangingServer> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  const port = await listen(server);
  return {
    port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface TcpProxy {
  port: number;
  /** From now on bytes in either direction are swallowed: connections stay open, nothing answers. */
  hang(): void;
  /** Drops every connection and refuses new ones: the dependency is unreachable. */
  cut(): void;
  /** Forwards new connections again after `cut()`. */
  restore(): void;
  /** Holds what clients send (the dependency hears nothing; connections stay open) until `release()`. */
  hold(): void;
  /** Delivers what was held, in order, and forwards again. */
  release(): void;
  /** What `hold()` has kept from the dependency so far (all connections, in arrival order). */
  held(): Buffer;
  close(): Promise<void>;
}

/** Forwards to `target` until told to hang or cut; makes a live dependency stop answering or vanish. */
export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  let state: 'forwarding' | 'hanging' | 'holding' | 'cut' = 'forwarding';
  const sockets = new Set<Socket>();
  const heldChunks = new Map<Socket, Buffer[]>();
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  };
  const server = createServer((client) => {
    if (state === 'cut') {
      client.destroy();
      return;
    }
    const upstream = createConnection(targetPort, targetHost);
    track(client);
    track(upstream);
    client.on('data', (chunk: Buffer) => {
      if (state === 'forwarding') upstream.write(chunk);
      else if (state === 'holding')
        heldChunks.set(upstream, [...(heldChunks.get(upstream) ?? []), chunk]);
    });
    upstream.on('data', (chunk) => {
      if (state === 'forwarding') client.write(chunk);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  const port = await listen(server);
  return {
    port,
    hang: () => {
      state = 'hanging';
    },
    cut: () => {
      state = 'cut';
      heldChunks.clear();
      for (const socket of sockets) socket.destroy();
    },
    restore: () => {
      state = 'forwarding';
    },
    hold: () => {
      state = 'holding';
    },
    held: () => Buffer.concat([...heldChunks.values()].flat()),
    release: () => {
      state = 'forwarding';
      for (const [upstream, chunks] of heldChunks)
        for (const chunk of chunks) upstream.write(chunk);
      heldChunks.clear();
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
