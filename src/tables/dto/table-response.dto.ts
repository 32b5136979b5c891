import { ApiProperty } from '@nestjs/swagger';
import { TableSummaryRow } from '../tables.repository';

export class TableSessionSummaryDto {
  @ApiProperty() id: number;
  @ApiProperty({ format: 'date-time' }) started_at: string;
  @ApiProperty({ description: 'Live orders of the session' }) order_count: number;
  @ApiProperty({ description: 'Sum of the live orders, KRW' }) total_amount: number;

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
  @ApiProperty() id: number;
  @ApiProperty() table_number: number;

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
