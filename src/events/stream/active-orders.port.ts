/** Where the SSE snapshot comes from: the orders module's read side (what GET /api/admin/orders returns). */
export interface ActiveOrdersReader {
  listActiveForStore(storeId: string): Promise<readonly unknown[]>;
}

export const ACTIVE_ORDERS_READER = Symbol('ACTIVE_ORDERS_READER');
