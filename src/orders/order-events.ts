import { ApiProperty } from '@nestjs/swagger';
import { ORDER_STATUSES, OrderStatus } from './entities/order-status';
import { AdminOrderResponseDto } from './dto/order-response.dto';

/**
 * `data` of the events this module writes to the outbox (the envelope is EventPayload). Classes
 * rather than interfaces so the OpenAPI document describes the admin stream's events from them.
 */

/** order.created: the order as GET /api/admin/orders/:id returns it (with table_id, table_number). */
export type OrderCreatedData = AdminOrderResponseDto;

/** How order.status_changed and order.deleted name the order they are about. */
export class OrderReference {
  @ApiProperty({ example: 1 }) order_id: number;
  @ApiProperty({ example: '20250101-0001' }) order_number: string;
  @ApiProperty({ example: 1 }) table_id: number;
  @ApiProperty({ example: 1 }) table_number: number;
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

export class OrderStatusChangedData extends OrderReference {
  @ApiProperty({ enum: ORDER_STATUSES, enumName: 'OrderStatus', example: 'pending' })
  old_status: OrderStatus;
  @ApiProperty({ enum: ORDER_STATUSES, enumName: 'OrderStatus', example: 'preparing' })
  new_status: OrderStatus;
  @ApiProperty({ type: AdminOrderResponseDto }) order: AdminOrderResponseDto;
}

export class OrderDeletedData extends OrderReference {
  @ApiProperty({ example: 1 }) table_session_id: number;
}

export class TableSessionEndedData {
  @ApiProperty({ example: 1 }) session_id: number;
  @ApiProperty({ example: 1 }) table_id: number;
  @ApiProperty({ example: 1 }) table_number: number;
  @ApiProperty({ example: 1 }) archived_orders: number;
  @ApiProperty({ example: 18000 }) total_amount: number;
  @ApiProperty({ format: 'date-time', example: '2025-01-01T13:05:00.000Z' }) ended_at: string;
}

/** table_session.moved and table_session.merged. */
export class TableSessionTransferredData {
  @ApiProperty({ example: 1 }) from_table_id: number;
  @ApiProperty({ example: 2 }) to_table_id: number;
  @ApiProperty({
    description: "The session now holding the orders (for a merge, the target table's)",
    example: 2,
  })
  session_id: number;
}

/** table_session.merged also names the source session, which ended with nothing archived. */
export class TableSessionMergedData extends TableSessionTransferredData {
  @ApiProperty({ example: 1 }) merged_session_id: number;
}
