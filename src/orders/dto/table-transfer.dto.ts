import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { MAX_INT_ID } from '../../common/http/parse-id.pipe';
import { TableSessionSummaryDto } from '../../tables/dto/table-response.dto';
import { TableSummaryRow } from '../../tables/tables.service';

export class MoveTableDto {
  @ApiProperty({
    minimum: 1,
    description: 'A table of the store without an active session',
    example: 2,
  })
  @IsInt()
  @Min(1)
  @Max(MAX_INT_ID)
  to_table_id: number;
}

export class MergeTableDto {
  @ApiProperty({
    minimum: 1,
    description: 'A table of the store with an active session',
    example: 2,
  })
  @IsInt()
  @Min(1)
  @Max(MAX_INT_ID)
  into_table_id: number;
}

/** The table now holding the orders, with its session summary. */
export class TableTransferResponseDto {
  @ApiProperty({ example: 2 }) table_id: number;

  @ApiProperty({
    type: TableSessionSummaryDto,
    description: 'The session now holding the orders, as the transfer left it',
  })
  session: TableSessionSummaryDto;

  /** `row`: the target table, read in the transfer's transaction (so it has the session). */
  static from(row: TableSummaryRow): TableTransferResponseDto {
    const session = TableSessionSummaryDto.of(row);
    if (!session) throw new Error(`table ${row.id}: no active session after a transfer`);
    return { table_id: row.id, session };
  }
}
