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

/** A response whose socket accepts writes as told: `stalled` never completes one. */
function fakeResponse(stalled: boolean): { response: ServerResponse; written: string[] } {
  const written: string[] = [];
  const sink = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _encoding, callback) {
      written.push(chunk.toString());
      if (!stalled) callback();
    },
  });
  return { response: sink as unknown as ServerResponse, written };
}

describe('SseClient', () => {
  it('holds events until it opens, then writes them after the opening frames, skipping replayed ids', async () => {
    const { response, written } = fakeResponse(false);
    const client = new SseClient('store', subscription, response, 1 << 20, () => undefined);

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
    const client = new SseClient('store', subscription, response, 4096, (_client, reason) =>
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
    const client = new SseClient('store', subscription, response, 4096, (_client, reason) =>
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
    const client = new SseClient('store', subscription, response, 4096, (_client, reason) =>
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
    const client = new SseClient('store', subscription, response, 4096, (_client, reason) =>
      ended.push(reason),
    );
    await client.open(['snapshot'], []);

    client.end('retry: 2000\n\n');
    await once(response, 'close');
    expect(written[written.length - 1]).toBe('retry: 2000\n\n');
    expect(ended).toEqual(['server_closed']);
  });
});
