import { ApiProperty } from '@nestjs/swagger';
import { OrderedOption } from '../entities/order-item.entity';
import { ORDER_STATUSES, OrderStatus, PLACED_BY, PlacedBy } from '../entities/order-status';
import { OrderItemRow, OrderRow } from '../orders.repository';

/** A chosen option as it was when ordered (a later rename or reprice does not change it). */
export class OrderedOptionDto implements OrderedOption {
  @ApiProperty({ example: 5 }) id: number;
  @ApiProperty({ example: '추가' }) group_name: string;
  @ApiProperty({ example: '치즈' }) name: string;
  @ApiProperty({ description: 'KRW, included in unit_price', example: 1000 }) price_delta: number;
}

export class OrderItemResponseDto {
  @ApiProperty({ example: 1 }) menu_id: number;
  @ApiProperty({ description: 'Menu name when ordered', example: '김치찌개' }) menu_name: string;
  @ApiProperty({ type: OrderedOptionDto, isArray: true, description: 'Empty without options' })
  options: OrderedOptionDto[];
  @ApiProperty({ description: 'Price when ordered plus the options’ deltas, KRW', example: 9000 })
  unit_price: number;
  @ApiProperty({ example: 2 }) quantity: number;
  @ApiProperty({ description: 'unit_price × quantity, KRW', example: 18000 }) subtotal: number;
  @ApiProperty({ type: String, nullable: true, example: '덜 짜게' }) note: string | null;

  static from(item: OrderItemRow): OrderItemResponseDto {
    return {
      menu_id: item.menu_id,
      menu_name: item.menu_name,
      options: item.options ?? [],
      unit_price: item.unit_price,
      quantity: item.quantity,
      subtotal: item.unit_price * item.quantity,
      note: item.note ?? null,
    };
  }
}

/** An order as the tablet sees it. */
export class OrderResponseDto {
  @ApiProperty({ example: 1 }) id: number;
  @ApiProperty({ example: '20250101-0001' }) order_number: string;
  @ApiProperty({ enum: ORDER_STATUSES, enumName: 'OrderStatus', example: 'pending' })
  status: OrderStatus;
  @ApiProperty({ type: OrderItemResponseDto, isArray: true }) items: OrderItemResponseDto[];
  @ApiProperty({ description: 'Σ subtotal, KRW', example: 18000 }) total_amount: number;
  @ApiProperty({ example: 1 }) table_session_id: number;
  @ApiProperty({ type: String, nullable: true, example: '아이 의자 하나 부탁드려요' })
  note: string | null;
  @ApiProperty({
    enum: PLACED_BY,
    enumName: 'PlacedBy',
    description: 'The tablet, or staff for the table',
    example: 'table',
  })
  placed_by: PlacedBy;
  @ApiProperty({ format: 'date-time', example: '2025-01-01T12:30:00.000Z' }) created_at: string;

  static from(row: OrderRow): OrderResponseDto {
    return {
      id: row.id,
      order_number: row.order_number,
      status: row.status,
      items: row.items.map(OrderItemResponseDto.from),
      total_amount: row.total_amount,
      table_session_id: row.table_session_id,
      note: row.note ?? null,
      placed_by: row.placed_by ?? 'table',
      created_at: new Date(row.created_at).toISOString(),
    };
  }
}

/** An order as the store admin (and the event stream) sees it: with its table. */
export class AdminOrderResponseDto extends OrderResponseDto {
  @ApiProperty({ example: 1 }) table_id: number;
  @ApiProperty({ example: 1 }) table_number: number;
  @ApiProperty({ format: 'date-time', example: '2025-01-01T12:34:00.000Z' }) updated_at: string;

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
