import { OrderStatus } from './entities/order-status';
import { AdminOrderResponseDto } from './dto/order-response.dto';

/** `data` of the events this module writes to the outbox (the envelope is EventPayload). */

/** order.created: the order as GET /api/admin/orders/:id returns it (with table_id, table_number). */
export type OrderCreatedData = AdminOrderResponseDto;

/** How order.status_changed and order.deleted name the order they are about. */
export interface OrderReference {
  order_id: number;
  order_number: string;
  table_id: number;
  table_number: number;
}

export function orderReference(order: {
  id: number;
  order_number: string;
  table_id: number;
  table_number: number;
}): OrderReference {
  return {
    order_id: order.id,
    order_number: order.order_number,
    table_id: order.table_id,
    table_number: order.table_number,
  };
}

export interface OrderStatusChangedData extends OrderReference {
  old_status: OrderStatus;
  new_status: OrderStatus;
  order: AdminOrderResponseDto;
}

export interface OrderDeletedData extends OrderReference {
  table_session_id: number;
}

export interface TableSessionEndedData {
  session_id: number;
  table_id: number;
  table_number: number;
  archived_orders: number;
  total_amount: number;
  ended_at: string;
}

/** table_session.moved and table_session.merged. */
export interface TableSessionTransferredData {
  from_table_id: number;
  to_table_id: number;
  /** The session now holding the orders (for a merge, the target table's). */
  session_id: number;
}

/** table_session.merged also names the source session, which ended with nothing archived. */
export interface TableSessionMergedData extends TableSessionTransferredData {
  merged_session_id: number;
}
