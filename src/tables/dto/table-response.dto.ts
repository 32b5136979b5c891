import { ApiProperty } from '@nestjs/swagger';
import { TableSummaryRow } from '../tables.repository';

export class TableSessionSummaryDto {
  @ApiProperty({ example: 1 }) id: number;
  @ApiProperty({ format: 'date-time', example: '2025-01-01T12:30:00.000Z' }) started_at: string;
  @ApiProperty({ description: 'Live orders of the session', example: 1 }) order_count: number;
  @ApiProperty({ description: 'Sum of the live orders, KRW', example: 18000 })
  total_amount: number;

  /** The table's active session, null when it has none. */
  static of(row: TableSummaryRow): TableSessionSummaryDto | null {
    if (row.session_id === null || row.started_at === null) return null;
    return {
      id: row.session_id,
      started_at: new Date(row.started_at).toISOString(),
      order_count: row.order_count,
      total_amount: row.total_amount,
    };
  }
}

export class TableResponseDto {
  @ApiProperty({ example: 1 }) id: number;
  @ApiProperty({ example: 1 }) table_number: number;

  @ApiProperty({
    type: TableSessionSummaryDto,
    nullable: true,
    description: 'The active session, null when the table has none',
  })
  session: TableSessionSummaryDto | null;

  static from(row: TableSummaryRow): TableResponseDto {
    return {
      id: row.id,
      table_number: row.table_number,
      session: TableSessionSummaryDto.of(row),
    };
  }
}
