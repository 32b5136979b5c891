import { OrderStatus } from './entities/order-status';
import { AdminOrderResponseDto } from './dto/order-response.dto';

/** `data` of the events this module writes to the outbox (the envelope is EventPayload). */

/** order.created: the order as GET /api/admin/orders/:id returns it (with table_id, table_number). */
export type OrderCreatedData = AdminOrderResponseDto;

export interface OrderStatusChangedData {
  order_id: number;
  order_number: string;
  table_id: number;
  table_number: number;
  old_status: OrderStatus;
  new_status: OrderStatus;
  order: AdminOrderResponseDto;
}

export interface OrderDeletedData {
  order_id: number;
  order_number: string;
  table_id: number;
  table_number: number;
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
