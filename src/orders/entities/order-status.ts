export const ORDER_STATUSES = ['pending', 'preparing', 'completed'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/**
 * Who placed an order: the table's tablet, or staff for the table (docs/decisions.md, 'Staff-placed
 * orders').
 */
export const PLACED_BY = ['table', 'staff'] as const;
export type PlacedBy = (typeof PLACED_BY)[number];
