import { OrderStatus } from './entities/order-status';

/** Forward only: pending → preparing → completed, and pending → completed. */
const NEXT: Record<OrderStatus, readonly OrderStatus[]> = {
  pending: ['preparing', 'completed'],
  preparing: ['completed'],
  completed: [],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return NEXT[from].includes(to);
}
