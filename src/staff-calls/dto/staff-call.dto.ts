import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, TransformFnParams } from 'class-transformer';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsCleanText } from '../../common/http/is-clean-text.decorator';
import {
  STAFF_CALL_STATUSES,
  STAFF_CALL_TYPES,
  StaffCallStatus,
  StaffCallType,
} from '../entities/staff-call-kinds';
import { StaffCallRow } from '../staff-calls.repository';

export const MAX_STAFF_CALL_MESSAGE = 100;

/** Trimmed; a message of blanks only (or null) counts as none. */
function trimToNull({ value }: TransformFnParams): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

export class CreateStaffCallDto {
  @ApiProperty({ enum: STAFF_CALL_TYPES, enumName: 'StaffCallType', example: 'water' })
  @IsIn(STAFF_CALL_TYPES)
  type: StaffCallType;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: MAX_STAFF_CALL_MESSAGE,
    example: '물 두 잔 주세요',
    description: 'Trimmed; control, bidi-override and zero-width characters are refused',
  })
  @Transform(trimToNull)
  @IsOptional()
  @IsString()
  @MaxLength(MAX_STAFF_CALL_MESSAGE)
  @Matches(/^[^\p{Cc}]*$/u, { message: 'message must not contain control characters' })
  @IsCleanText()
  message?: string | null;
}

export class StaffCallsQueryDto {
  @ApiPropertyOptional({
    enum: STAFF_CALL_STATUSES,
    enumName: 'StaffCallStatus',
    description: 'Only calls in this status',
    example: 'open',
  })
  @IsOptional()
  @IsIn(STAFF_CALL_STATUSES)
  status?: StaffCallStatus;
}

export class StaffCallResponseDto {
  @ApiProperty({ example: 1 }) id: number;
  @ApiProperty({ enum: STAFF_CALL_TYPES, enumName: 'StaffCallType', example: 'water' })
  type: StaffCallType;
  @ApiProperty({ type: String, nullable: true, example: '물 두 잔 주세요' }) message: string | null;
  @ApiProperty({ enum: STAFF_CALL_STATUSES, enumName: 'StaffCallStatus', example: 'open' })
  status: StaffCallStatus;
  @ApiProperty({ example: 1 }) table_id: number;
  @ApiProperty({ example: 1 }) table_number: number;
  @ApiProperty({ format: 'date-time', example: '2025-01-01T12:30:00.000Z' }) created_at: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  acknowledged_at: string | null;

  static from(row: StaffCallRow): StaffCallResponseDto {
    return {
      id: row.id,
      type: row.type,
      message: row.message,
      status: row.status,
      table_id: row.table_id,
      table_number: row.table_number,
      created_at: new Date(row.created_at).toISOString(),
      acknowledged_at: row.acknowledged_at ? new Date(row.acknowledged_at).toISOString() : null,
    };
  }
}
