/** Routing keys on the `table-order-events` topic exchange (docs/decisions.md, 'Outbox relay'). */
export const ROUTING_KEYS = [
  'order.created',
  'order.status_changed',
  'order.deleted',
  'table_session.ended',
  'table_session.moved',
  'table_session.merged',
  'staff_call.created',
  'staff_call.acknowledged',
  'menu.changed',
] as const;
export type RoutingKey = (typeof ROUTING_KEYS)[number];

/** The message body of every event, on the broker and on the admin SSE stream. */
export interface EventPayload<TData = Record<string, unknown>> {
  event_id: string;
  type: RoutingKey;
  occurred_at: string;
  store_id: string;
  data: TData;
}

/** PostgreSQL NOTIFY channel; a notification is delivered when the writing transaction commits. */
export const OUTBOX_NOTIFY_CHANNEL = 'outbox_events';
