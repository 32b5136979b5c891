import { ApiProperty } from '@nestjs/swagger';
import { ORDER_STATUSES, OrderStatus } from '../entities/order-status';
import { OrderItemRow, OrderRow } from '../orders.repository';

export class OrderItemResponseDto {
  @ApiProperty() menu_id: number;
  @ApiProperty({ description: 'Menu name when ordered' }) menu_name: string;
  @ApiProperty({ description: 'Price when ordered, KRW' }) unit_price: number;
  @ApiProperty() quantity: number;
  @ApiProperty({ description: 'unit_price × quantity, KRW' }) subtotal: number;

  static from(item: OrderItemRow): OrderItemResponseDto {
    return {
      menu_id: item.menu_id,
      menu_name: item.menu_name,
      unit_price: item.unit_price,
      quantity: item.quantity,
      subtotal: item.unit_price * item.quantity,
    };
  }
}

/** An order as the tablet sees it. */
export class OrderResponseDto {
  @ApiProperty() id: number;
  @ApiProperty({ example: '20250301-0042' }) order_number: string;
  @ApiProperty({ enum: ORDER_STATUSES }) status: OrderStatus;
  @ApiProperty({ type: OrderItemResponseDto, isArray: true }) items: OrderItemResponseDto[];
  @ApiProperty({ description: 'Σ subtotal, KRW' }) total_amount: number;
  @ApiProperty() table_session_id: number;
  @ApiProperty({ format: 'date-time' }) created_at: string;

  static from(row: OrderRow): OrderResponseDto {
    return {
      id: row.id,
      order_number: row.order_number,
      status: row.status,
      items: row.items.map(OrderItemResponseDto.from),
      total_amount: row.total_amount,
      table_session_id: row.table_session_id,
      created_at: new Date(row.created_at).toISOString(),
    };
  }
}

/** An order as the store admin (and the event stream) sees it: with its table. */
export class AdminOrderResponseDto extends OrderResponseDto {
  @ApiProperty() table_id: number;
  @ApiProperty() table_number: number;
  @ApiProperty({ format: 'date-time' }) updated_at: string;

  static override from(row: OrderRow): AdminOrderResponseDto {
    return {
      ...OrderResponseDto.from(row),
      table_id: row.table_id,
      table_number: row.table_number,
      updated_at: new Date(row.updated_at).toISOString(),
    };
  }
}

export type AdminOrderResponse = AdminOrderResponseDto;
