import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { MAX_INT_ID } from '../../common/http/parse-id.pipe';
import { decimalToNumber } from '../../common/http/query-integer';
import { ORDER_STATUSES, OrderStatus } from '../entities/order-status';

export class AdminOrdersQueryDto {
  @ApiPropertyOptional({ description: 'Only this table', example: 1 })
  @IsOptional()
  @Transform(decimalToNumber)
  @IsInt()
  @Min(1)
  @Max(MAX_INT_ID)
  table_id?: number;

  @ApiPropertyOptional({ enum: ORDER_STATUSES, enumName: 'OrderStatus', example: 'pending' })
  @IsOptional()
  @IsIn(ORDER_STATUSES)
  status?: OrderStatus;
}

export class UpdateOrderStatusDto {
  @ApiProperty({
    enum: ORDER_STATUSES,
    enumName: 'OrderStatus',
    description: 'Forward only: pending → preparing → completed (pending → completed allowed)',
    example: 'preparing',
  })
  @IsIn(ORDER_STATUSES)
  status: OrderStatus;
}
