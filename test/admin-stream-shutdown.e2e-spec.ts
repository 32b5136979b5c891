import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { typeOrmOptions } from '../src/database/typeorm-options';
import { OutboxRepository } from '../src/outbox/outbox.repository';
import { OutboxWriter } from '../src/outbox/outbox-writer.service';
import { adminTokenOverHttp, createStore, StoreFixture } from './support/fixtures';
import { SseReader } from './support/sse-reader';
import { builtAppEnv, testConfig } from './support/test-config';
import { eventually } from './support/eventually';

/**
 * SIGTERM on the production entry point (dist/src/main.js) with dashboards streaming: the
 * drain must not wait for the endless streams, each stream gets a reconnect hint, exit is 0.
 */
const MAIN = join(__dirname, '..', 'dist', 'src', 'main.js');

describe('admin streams on SIGTERM', () => {
  let dataSource: DataSource;
  let store: StoreFixture;
  let child: ChildProcess;
  let output = '';

  beforeAll(async () => {
    dataSource = await new DataSource(typeOrmOptions(testConfig())).initialize();
    await dataSource.query(`DELETE FROM stores WHERE code = 'sigterm-stream'`);
    store = await createStore(dataSource, 'sigterm-stream');
  });

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await dataSource.query(`DELETE FROM outbox_events WHERE store_id = $1`, [store.storeId]);
    await dataSource.query(`DELETE FROM stores WHERE id = $1`, [store.storeId]);
    await dataSource.destroy();
  });

  it('ends each stream with a retry hint and exits 0 without waiting for them', async () => {
    child = spawn(process.execPath, [MAIN], {
      env: builtAppEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const exited = new Promise((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    const port = await eventually(() => {
      const listening = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (!listening) throw new Error(`no listening line yet; output so far:\n${output}`);
      return Number(listening[1]);
    });
    const base = `http://127.0.0.1:${port}`;
    // Readiness: the broker connected.
    await eventually(async () => expect((await fetch(`${base}/health`)).status).toBe(200));
    const token = await adminTokenOverHttp(port, store);

    const stream = await SseReader.open(port, '/api/admin/orders/stream', {
      authorization: `Bearer ${token}`,
    });
    await stream.nextFrame((frame) => frame.event === 'snapshot', 'the snapshot');
    // A client that does not say it wants an event stream (curl, say) is just as endless.
    const plainClient = await SseReader.open(port, '/api/admin/orders/stream', {
      authorization: `Bearer ${token}`,
      accept: '*/*',
    });
    await plainClient.nextFrame((frame) => frame.event === 'snapshot', 'the second snapshot');
    const event = await dataSource.transaction((manager) =>
      new OutboxWriter(new OutboxRepository(dataSource)).append(manager, {
        routingKey: 'order.created',
        storeId: store.storeId,
        data: { id: 1 },
      }),
    );
    await stream.nextFrame((frame) => frame.id === event.event_id, 'an event through the relay');

    child.kill('SIGTERM');

    for (const reader of [stream, plainClient]) {
      await reader.waitForEnd();
      expect(reader.frames[reader.frames.length - 1].retry).toBeGreaterThanOrEqual(1000);
    }
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(output).toContain('shutdown complete');
    expect(output).not.toContain('still running after');
  });
});
