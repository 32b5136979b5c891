import type { ServerResponse } from 'node:http';
import { once } from 'node:events';
import { Writable } from 'node:stream';
import { EventPayload } from '../outbox/event-types';
import { storeAudience } from './stream-audience';

const subscription = { audience: storeAudience, snapshotFrame: async () => '' };
import { SseClient, SseClientEndReason } from './sse-client';

function event(id: string): EventPayload {
  return {
    event_id: id,
    type: 'order.created',
    occurred_at: '2026-01-01T00:00:00.000Z',
    store_id: 'store',
    data: {},
  };
}

function limits(maxBufferedBytes: number, snapshotTimeoutMs = 60_000) {
  return { maxBufferedBytes, snapshotTimeoutMs };
}

/**
 * A response whose socket accepts writes as told: `stalled` completes none until `release()` is
 * called (a client that stopped reading, then reads again).
 */
function fakeResponse(stalled: boolean): {
  response: ServerResponse;
  written: string[];
  release: () => void;
} {
  const written: string[] = [];
  const pending: (() => void)[] = [];
  let reading = !stalled;
  const sink = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _encoding, callback) {
      written.push(chunk.toString());
      if (reading) callback();
      else pending.push(callback);
    },
  });
  const release = (): void => {
    reading = true;
    for (const callback of pending.splice(0)) callback();
  };
  return { response: sink as unknown as ServerResponse, written, release };
}

describe('SseClient', () => {
  it('holds events until it opens, then writes them after the opening frames, skipping replayed ids', async () => {
    const { response, written } = fakeResponse(false);
    const client = new SseClient('store', subscription, response, limits(1 << 20), () => undefined);

    client.deliver(event('a'), 'frame-a');
    client.deliver(event('b'), 'frame-b');
    client.heartbeat('ping');
    expect(written).toEqual([]);

    await client.open(['snapshot', 'frame-a'], ['a']);
    client.deliver(event('c'), 'frame-c');
    client.deliver(event('a'), 'frame-a-again');

    expect(written).toEqual(['snapshotframe-a', 'frame-b', 'frame-c']);
  });

  it('disconnects a client whose unsent data passes the limit', async () => {
    const { response } = fakeResponse(true);
    const ended: SseClientEndReason[] = [];
    const client = new SseClient('store', subscription, response, limits(4096), (_client, reason) =>
      ended.push(reason),
    );
    await client.open(['snapshot'], []);

    const frame = 'x'.repeat(1000);
    for (let index = 0; index < 4; index++) client.deliver(event(`e${index}`), frame);
    expect(client.isOpen).toBe(true);
    for (let index = 4; index < 10; index++) client.deliver(event(`e${index}`), frame);
    expect(client.isOpen).toBe(false);

    await once(response, 'close');
    expect(ended).toEqual(['slow_client']);
  });

  it('writes a snapshot larger than the limit in chunks as the socket drains, holding events meanwhile', async () => {
    const { response, written } = fakeResponse(false);
    const ended: SseClientEndReason[] = [];
    const client = new SseClient('store', subscription, response, limits(4096), (_client, reason) =>
      ended.push(reason),
    );
    const snapshot = 'é'.repeat(200_000);
    const opening = client.open([snapshot], []);
    client.deliver(event('during'), 'frame-during');
    await opening;

    expect(client.isOpen).toBe(true);
    expect(written.length).toBeGreaterThan(2);
    expect(written.join('')).toBe(`${snapshot}frame-during`);
    expect(ended).toEqual([]);
  });

  it('disconnects a client when the events held during a snapshot pass the limit', async () => {
    const { response } = fakeResponse(true);
    const ended: SseClientEndReason[] = [];
    const client = new SseClient('store', subscription, response, limits(4096), (_client, reason) =>
      ended.push(reason),
    );
    void client.open(['x'.repeat(100_000)], []);
    for (let index = 0; index < 10; index++) client.deliver(event(`e${index}`), 'y'.repeat(1000));

    await once(response, 'close');
    expect(ended).toEqual(['slow_client']);
  });

  it('ends with the last frame when the server closes it', async () => {
    const { response, written } = fakeResponse(false);
    const ended: SseClientEndReason[] = [];
    const client = new SseClient('store', subscription, response, limits(4096), (_client, reason) =>
      ended.push(reason),
    );
    await client.open(['snapshot'], []);

    client.end(2000);
    await once(response, 'close');
    expect(written[written.length - 1]).toBe('retry: 2000\n\n');
    expect(ended).toEqual(['server_closed']);
  });

  it('disconnects a client that does not take its snapshot within the snapshot timeout', async () => {
    const { response } = fakeResponse(true);
    const ended: SseClientEndReason[] = [];
    const client = new SseClient('store', subscription, response, limits(4096, 100), (_c, reason) =>
      ended.push(reason),
    );
    void client.open(['x'.repeat(100_000)], []);

    await once(response, 'close');
    expect(ended).toEqual(['snapshot_timeout']);
  });

  it.each([
    ['a reconnect hint (shutdown)', 2000, '\nretry: 2000\n'],
    ['nothing (revoked token)', null, ''],
  ])(
    'ended while its snapshot is written, sends no more of it, then %s, and ends cleanly',
    async (_what, retryDelayMs, lastBytes) => {
      const { response, written, release } = fakeResponse(true);
      const ended: SseClientEndReason[] = [];
      const client = new SseClient('store', subscription, response, limits(4096), (_c, reason) =>
        ended.push(reason),
      );
      const snapshot = 'event: snapshot\ndata: ' + 'x'.repeat(300_000) + '\n\n';
      const opening = client.open([snapshot], []);
      client.deliver(event('held'), 'frame-held');

      client.end(retryDelayMs);
      release();
      await opening;
      await once(response, 'close');

      const sent = written.join('');
      expect(sent.length).toBeLessThan(snapshot.length);
      expect(snapshot.startsWith(sent.slice(0, sent.length - lastBytes.length))).toBe(true);
      expect(sent.endsWith(lastBytes)).toBe(true);
      expect(sent).not.toContain('frame-held');
      expect(ended).toEqual(['server_closed']);
    },
  );

  it('follows its opening with a fresh snapshot asked for while the opening was read', async () => {
    const { response, written } = fakeResponse(false);
    const fresh = { audience: storeAudience, snapshotFrame: async () => 'fresh-snapshot' };
    const client = new SseClient('store', fresh, response, limits(4096), () => undefined);

    await client.resnapshot();
    expect(written).toEqual([]);
    await client.open(['snapshot-read-before-the-move'], []);

    expect(written).toEqual(['snapshot-read-before-the-move', 'fresh-snapshot']);
  });
});
