import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsCalendarDate } from '../../common/http/is-calendar-date.decorator';
import { decimalToNumber } from '../../common/http/query-integer';
import { ORDER_STATUSES, OrderStatus, PLACED_BY, PlacedBy } from '../entities/order-status';
import { HistoryRow } from '../order-history.repository';
import { OrderItemResponseDto } from './order-response.dto';

export const DEFAULT_HISTORY_PAGE_SIZE = 50;
export const MAX_HISTORY_PAGE_SIZE = 100;

export class EndSessionResponseDto {
  @ApiProperty({ example: 1 }) session_id: number;
  @ApiProperty({ description: 'Orders moved to the history (every status)', example: 1 })
  archived_orders: number;
  @ApiProperty({ description: 'Sum of the archived orders, KRW', example: 18000 })
  total_amount: number;
}

export class HistoryQueryDto {
  @ApiPropertyOptional({ default: 1, minimum: 1, example: 1 })
  @IsOptional()
  @Transform(decimalToNumber)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  page: number = 1;

  @ApiPropertyOptional({
    default: DEFAULT_HISTORY_PAGE_SIZE,
    minimum: 1,
    maximum: MAX_HISTORY_PAGE_SIZE,
    example: DEFAULT_HISTORY_PAGE_SIZE,
  })
  @IsOptional()
  @Transform(decimalToNumber)
  @IsInt()
  @Min(1)
  @Max(MAX_HISTORY_PAGE_SIZE)
  page_size: number = DEFAULT_HISTORY_PAGE_SIZE;

  @ApiPropertyOptional({
    example: '2025-01-01',
    description: "First day (YYYY-MM-DD, inclusive) in the store's time zone (STORE_TIMEZONE)",
  })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({
    example: '2025-01-31',
    description: "Last day (YYYY-MM-DD, inclusive) in the store's time zone (STORE_TIMEZONE)",
  })
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}

export class HistoryItemDto {
  @ApiProperty({ example: 1 }) id: number;
  @ApiProperty({ example: 1 }) order_id: number;
  @ApiProperty({ example: '20250101-0001' }) order_number: string;
  @ApiProperty({ example: 1 }) table_id: number;
  @ApiProperty({ example: 1 }) table_session_id: number;
  @ApiProperty({
    enum: ORDER_STATUSES,
    enumName: 'OrderStatus',
    description: 'Status when the session ended',
    example: 'preparing',
  })
  status: OrderStatus;
  @ApiProperty({ type: OrderItemResponseDto, isArray: true }) items: OrderItemResponseDto[];
  @ApiProperty({ description: 'KRW', example: 18000 }) total_amount: number;
  @ApiProperty({ type: String, nullable: true, example: null }) note: string | null;
  @ApiProperty({ enum: PLACED_BY, enumName: 'PlacedBy', example: 'table' }) placed_by: PlacedBy;
  @ApiProperty({ format: 'date-time', example: '2025-01-01T12:30:00.000Z' }) ordered_at: string;
  @ApiProperty({ format: 'date-time', example: '2025-01-01T13:05:00.000Z' }) archived_at: string;

  static from(row: HistoryRow): HistoryItemDto {
    return {
      id: row.id,
      order_id: row.order_id,
      order_number: row.order_number,
      table_id: row.table_id,
      table_session_id: row.table_session_id,
      status: row.status,
      items: row.items.map(OrderItemResponseDto.from),
      total_amount: row.total_amount,
      note: row.note,
      placed_by: row.placed_by,
      ordered_at: new Date(row.ordered_at).toISOString(),
      archived_at: new Date(row.archived_at).toISOString(),
    };
  }
}

export class PaginationDto {
  @ApiProperty({ example: 1 }) page: number;
  @ApiProperty({ example: 50 }) page_size: number;
  @ApiProperty({ example: 1 }) total_count: number;
  @ApiProperty({ example: 1 }) total_pages: number;
}

export class HistoryPageDto {
  @ApiProperty({ type: HistoryItemDto, isArray: true }) items: HistoryItemDto[];
  @ApiProperty({ type: PaginationDto }) pagination: PaginationDto;
}
