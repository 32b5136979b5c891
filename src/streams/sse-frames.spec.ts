import { EventPayload } from '../outbox/event-types';
import { eventFrame, retryFrame, snapshotFrame } from './sse-frames';

describe('SSE frames', () => {
  it('writes an event with id, routing key and the payload on one data line', () => {
    const payload: EventPayload = {
      event_id: '6f1c1f7e-3c55-4a52-9a5e-0d1b8a3c1a11',
      type: 'order.created',
      occurred_at: '2026-01-01T00:00:00.000Z',
      store_id: 'b0b1c8b4-64a8-4bda-8a39-7b8e4c3b2f10',
      data: { note: 'line one\nline two' },
    };
    const frame = eventFrame(payload);
    expect(frame.split('\n')).toEqual([
      `id: ${payload.event_id}`,
      'event: order.created',
      `data: ${JSON.stringify(payload)}`,
      '',
      '',
    ]);
    expect(JSON.parse(frame.split('\n')[2].slice('data: '.length))).toEqual(payload);
  });

  it('wraps the snapshot orders in an object', () => {
    expect(snapshotFrame([{ id: 1 }])).toBe('event: snapshot\ndata: {"orders":[{"id":1}]}\n\n');
  });

  it('writes a retry hint in whole milliseconds', () => {
    expect(retryFrame(1500.4)).toBe('retry: 1500\n\n');
  });
});
