export const ORDER_STATUSES = ['pending', 'preparing', 'completed'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
