import type { Channel } from 'amqplib';

export const EVENTS_EXCHANGE = 'table-order-events';

/** Bounds that keep a queue nobody consumes from filling the broker's disk. */
const BOUNDED_QUEUE_ARGUMENTS = {
  'x-message-ttl': 7 * 24 * 3600 * 1000,
  'x-max-length': 100_000,
  'x-overflow': 'drop-head',
};

export const DURABLE_QUEUES = [
  { name: 'order-created-queue', pattern: 'order.created' },
  { name: 'order-status-changed-queue', pattern: 'order.status_changed' },
  { name: 'all-order-events-queue', pattern: 'order.*' },
] as const;

/** Declares the exchange, the durable queues and their bindings; safe to run on every connect. */
export async function declareTopology(channel: Channel): Promise<void> {
  await channel.assertExchange(EVENTS_EXCHANGE, 'topic', { durable: true });
  for (const queue of DURABLE_QUEUES) {
    await channel.assertQueue(queue.name, { durable: true, arguments: BOUNDED_QUEUE_ARGUMENTS });
    await channel.bindQueue(queue.name, EVENTS_EXCHANGE, queue.pattern);
  }
}
