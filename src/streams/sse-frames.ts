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

function retryLine(delayMs: number): string {
  return `retry: ${Math.round(delayMs)}\n`;
}

/** Tells EventSource how long to wait before it reconnects. */
export function retryFrame(delayMs: number): string {
  return `${retryLine(delayMs)}\n`;
}

/**
 * The retry hint for a stream ended in the middle of a frame (a snapshot cut short): the cut line
 * is ended and no blank line follows, so the partial event is never dispatched (an SSE client
 * drops the event a stream ends in) while the retry line still sets the reconnect delay.
 */
export function retryAfterCutFrame(delayMs: number): string {
  return `\n${retryLine(delayMs)}`;
}
