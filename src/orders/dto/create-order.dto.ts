import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, TransformFnParams, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsInt,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
  Matches,
} from 'class-validator';
import { IsCleanText } from '../../common/http/is-clean-text.decorator';
import { MAX_INT_ID } from '../../common/http/parse-id.pipe';
import { OptionalField } from '../../common/http/optional-field.decorator';

export const MAX_ORDER_LINES = 50;
export const MAX_LINE_OPTIONS = 50;
export const MAX_NOTE_LENGTH = 200;

/** C0 and C1 control characters (newlines and tabs included): a note is one line of text. */
const NO_CONTROL_CHARACTERS = /^[^\u0000-\u001f\u007f-\u009f]*$/;

/** Notes are stored trimmed; a blank note is no note. */
function trimNote({ value }: TransformFnParams): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** A note (line or order): trimmed, at most 200 characters, no control characters. */
function Note(): PropertyDecorator {
  return (target, key) => {
    Transform(trimNote)(target, key);
    OptionalField()(target, key);
    IsString()(target, key);
    IsCleanText()(target, key);
    MaxLength(MAX_NOTE_LENGTH)(target, key);
    Matches(NO_CONTROL_CHARACTERS, {
      message: `${String(key)} must not contain control characters (line breaks, tabs, …)`,
    })(target, key);
  };
}

export class OrderItemInputDto {
  @ApiProperty({ example: 1, minimum: 1 })
  @IsInt()
  @Min(1)
  @Max(MAX_INT_ID)
  menu_id: number;

  @ApiProperty({ example: 2, minimum: 1, maximum: 100 })
  @IsInt()
  @Min(1)
  @Max(100)
  quantity: number;

  @ApiPropertyOptional({
    type: Number,
    isArray: true,
    maxItems: MAX_LINE_OPTIONS,
    example: [11, 14],
    description:
      'Chosen options of this menu item; each group’s count must be within ' +
      '[min_select, max_select], no option twice, every option available. The unit price is ' +
      'the item’s price plus the options’ price_delta, computed by the server.',
  })
  @OptionalField()
  @IsArray()
  @ArrayMaxSize(MAX_LINE_OPTIONS)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(MAX_INT_ID, { each: true })
  option_ids?: number[];

  @ApiPropertyOptional({ example: '덜 짜게', maxLength: MAX_NOTE_LENGTH })
  @Note()
  note?: string;
}

/** Two lines are the same when menu, options and note are: raise the quantity instead. */
function lineIdentity(item: OrderItemInputDto | null): unknown {
  if (item === null || typeof item !== 'object') return item;
  const options = Array.isArray(item.option_ids) ? [...item.option_ids].sort() : [];
  return JSON.stringify([item.menu_id, options, item.note ?? null]);
}

export class CreateOrderDto {
  @ApiProperty({
    type: OrderItemInputDto,
    isArray: true,
    minItems: 1,
    maxItems: MAX_ORDER_LINES,
    description:
      'One line per menu item and choice of options (the same item may appear on several lines ' +
      'with different options or notes; identical lines are refused: raise the quantity instead)',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ORDER_LINES)
  @ArrayUnique(lineIdentity, {
    message: 'items must not repeat a line (same menu_id, options and note)',
  })
  @ValidateNested({ each: true })
  @Type(() => OrderItemInputDto)
  items: OrderItemInputDto[];

  @ApiPropertyOptional({ example: '아이 의자 하나 부탁드려요', maxLength: MAX_NOTE_LENGTH })
  @Note()
  note?: string;
}
