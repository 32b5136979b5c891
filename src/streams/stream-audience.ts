import { EventPayload } from '../outbox/event-types';

/**
 * What a stream does with one of its store's events: send it (`event`), send a fresh `snapshot`
 * instead (the event changed which orders the stream shows), or nothing (`false`).
 */
export type StreamRoute = 'event' | 'snapshot' | false;
export type StreamAudience = (payload: EventPayload) => StreamRoute;

/** A store admin's dashboard: every event of the store. */
export const storeAudience: StreamAudience = () => 'event';

/** Events about one table carry its id in `data.table_id` (orders, sessions, staff calls). */
const TABLE_EVENTS: ReadonlySet<string> = new Set([
  'order.created',
  'order.status_changed',
  'order.deleted',
  'table_session.ended',
  'staff_call.acknowledged',
]);

/** A party moved or merged: both tables' orders changed at once. */
const TRANSFER_EVENTS: ReadonlySet<string> = new Set([
  'table_session.moved',
  'table_session.merged',
]);

/**
 * A tablet (docs/decisions.md, 'The tablet's stream'): its own orders' events, its session's end,
 * the acknowledgement of its staff calls and the store's menu changes; a fresh snapshot when its
 * party moved or merged to or from it. Nothing about another table.
 */
export function tableAudience(tableId: number): StreamAudience {
  return (payload) => {
    if (payload.type === 'menu.changed') return 'event';
    const data = payload.data as {
      table_id?: unknown;
      from_table_id?: unknown;
      to_table_id?: unknown;
    };
    if (TABLE_EVENTS.has(payload.type)) return data.table_id === tableId ? 'event' : false;
    if (TRANSFER_EVENTS.has(payload.type)) {
      return data.from_table_id === tableId || data.to_table_id === tableId ? 'snapshot' : false;
    }
    return false;
  };
}
