import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsInt,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { MAX_INT_ID } from '../../common/http/parse-id.pipe';

export const MAX_ORDER_LINES = 50;

export class OrderItemInputDto {
  @ApiProperty({ example: 3, minimum: 1 })
  @IsInt()
  @Min(1)
  @Max(MAX_INT_ID)
  menu_id: number;

  @ApiProperty({ example: 2, minimum: 1, maximum: 100 })
  @IsInt()
  @Min(1)
  @Max(100)
  quantity: number;
}

export class CreateOrderDto {
  @ApiProperty({
    type: OrderItemInputDto,
    isArray: true,
    minItems: 1,
    maxItems: MAX_ORDER_LINES,
    description: 'One line per menu item (a menu_id appears once; raise its quantity instead)',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ORDER_LINES)
  @ArrayUnique((item: OrderItemInputDto | null) => item?.menu_id, {
    message: 'items must not repeat a menu_id',
  })
  @ValidateNested({ each: true })
  @Type(() => OrderItemInputDto)
  items: OrderItemInputDto[];
}
