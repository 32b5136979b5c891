import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { AddressInfo, connect, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, TLSSocket } from 'node:tls';
import { testListenPort } from './test-config';

export interface TestCertificate {
  /** PEM file of the self-signed certificate: what NODE_EXTRA_CA_CERTS points a client at. */
  certFile: string;
  key: Buffer;
  cert: Buffer;
  remove(): void;
}

/** A throw-away self-signed certificate for localhost / 127.0.0.1, made by openssl. */
export function makeTestCertificate(): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'tls-'));
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1',
    '-keyout', keyFile, '-out', certFile,
    '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
  ], { stdio: 'ignore' }); // prettier-ignore
  return {
    certFile,
    key: readFileSync(keyFile),
    cert: readFileSync(certFile),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface TlsFront {
  port: number;
  /** Connections whose TLS handshake completed. */
  handshakes(): number;
  close(): Promise<void>;
}

/**
 * A TLS terminator in front of a plain TCP service (what ElastiCache and Amazon MQ do for
 * rediss:// and amqps://), so the real local Redis and RabbitMQ are reached over TLS without
 * being reconfigured.
 */
export async function startTlsFront(
  certificate: TestCertificate,
  targetPort: number,
  targetHost = '127.0.0.1',
): Promise<TlsFront> {
  let handshakes = 0;
  const sockets = new Set<Socket>();
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  };
  const server = createServer(
    { key: certificate.key, cert: certificate.cert },
    (client: TLSSocket) => {
      handshakes++;
      track(client);
      const upstream = connect(targetPort, targetHost);
      track(upstream);
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    },
  );
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(testListenPort(), '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    handshakes: () => handshakes,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
