import { ORDER_STATUSES, OrderStatus } from './entities/order-status';
import { canTransition } from './order-status.rules';

describe('order status transitions', () => {
  const allowed = new Set(['pending>preparing', 'preparing>completed', 'pending>completed']);
  const pairs: [OrderStatus, OrderStatus][] = ORDER_STATUSES.flatMap((from) =>
    ORDER_STATUSES.map((to): [OrderStatus, OrderStatus] => [from, to]),
  );

  it.each(pairs)('%s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(allowed.has(`${from}>${to}`));
  });
});
