import { EventPayload } from '../outbox/event-types';

/** Server-Sent Events wire format. JSON.stringify never emits a raw newline, so one data line suffices. */
export function eventFrame(payload: EventPayload): string {
  return `id: ${payload.event_id}\nevent: ${payload.type}\ndata: ${JSON.stringify(payload)}\n\n`;
}

/** The first frame of every stream: the store's active orders. It carries no id. */
export function snapshotFrame(orders: readonly unknown[]): string {
  return `event: snapshot\ndata: ${JSON.stringify({ orders })}\n\n`;
}

export const HEARTBEAT_FRAME = ': ping\n\n';

/** Tells EventSource how long to wait before it reconnects. */
export function retryFrame(delayMs: number): string {
  return `retry: ${Math.round(delayMs)}\n\n`;
}
