import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createServer, Server, Socket, connect } from 'node:net';
import { DataSource } from 'typeorm';
import { RedisService } from '../../src/infrastructure/redis/redis.service';
import { bearer } from './fixtures';
import { TestApp } from './test-app';

/** Empties the menu tables and the test Redis db, keeping stores and accounts (and their tokens). */
export async function resetMenu(testApp: TestApp): Promise<void> {
  await testApp.dataSource.query(`TRUNCATE menus, menu_categories RESTART IDENTITY CASCADE`);
  await testApp.app.get(RedisService).client.flushdb();
}

/** Counts the SQL statements touching `table` (wraps the TypeORM logger hook every query passes). */
export function countQueries(dataSource: DataSource, table: string): { count: () => number } {
  const logger = dataSource.logger;
  const original = logger.logQuery.bind(logger);
  const pattern = new RegExp(`\\b${table}\\b`, 'i');
  let count = 0;
  logger.logQuery = (query, parameters, queryRunner) => {
    if (pattern.test(query)) count++;
    return original(query, parameters, queryRunner);
  };
  return { count: () => count };
}

export async function createCategory(
  app: NestFastifyApplication,
  token: string,
  payload: object,
): Promise<{ id: number; name: string; display_order: number }> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/admin/menu/categories',
    headers: bearer(token),
    payload,
  });
  if (response.statusCode !== 201)
    throw new Error(`category: ${response.statusCode} ${response.body}`);
  return response.json();
}

export async function createItem(
  app: NestFastifyApplication,
  token: string,
  payload: object,
): Promise<{ id: number; price: number; is_available: boolean }> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/admin/menu/items',
    headers: bearer(token),
    payload,
  });
  if (response.statusCode !== 201) throw new Error(`item: ${response.statusCode} ${response.body}`);
  return response.json();
}

/** A multipart/form-data body with one file part. */
export function multipartFile(
  field: string,
  filename: string,
  contentType: string,
  data: Buffer,
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----menu-test-${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\n` +
      `Content-Type: ${contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, data, tail]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/**
 * A TCP proxy in front of a service, to make it unreachable from inside a test without touching
 * the shared server: `cut()` drops every connection and refuses new ones, `restore()` undoes it,
 * `freeze()` keeps connections open but stops forwarding (a Redis that stops answering).
 */
export class TcpProxy {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private state: 'open' | 'cut' | 'frozen' = 'open';

  constructor(
    private readonly target: { host: string; port: number },
    readonly port: number,
  ) {
    this.server = createServer((client) => this.accept(client));
  }

  start(): Promise<void> {
    return new Promise((resolve) => this.server.listen(this.port, '127.0.0.1', resolve));
  }

  cut(): void {
    this.state = 'cut';
    for (const socket of this.sockets) socket.destroy();
  }

  freeze(): void {
    this.state = 'frozen';
    for (const socket of this.sockets) socket.pause();
  }

  restore(): void {
    this.state = 'open';
    for (const socket of this.sockets) socket.resume();
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private accept(client: Socket): void {
    if (this.state !== 'open') {
      client.destroy();
      return;
    }
    const upstream = connect(this.target.port, this.target.host);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  }
}

/** redis://host:port/db → the parts a proxy needs. */
export function redisTarget(url: string): { host: string; port: number; db: string } {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    db: parsed.pathname.replace(/^\//, '') || '0',
  };
}

/** Polls until `condition` holds (a wait, not an assertion: the test fails on what follows). */
export async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
