import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsString,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsCleanText } from '../../common/http/is-clean-text.decorator';
import { MAX_INT_ID } from '../../common/http/parse-id.pipe';
import { OptionalField } from '../../common/http/optional-field.decorator';
import { MenuOptionGroupView, MenuOptionView } from '../menu-item';
import { MAX_DISPLAY_ORDER, trimString } from './menu-fields';

export const MAX_PRICE_DELTA = 1_000_000;
export const MAX_OPTION_GROUPS = 20;
export const MAX_OPTIONS_PER_GROUP = 50;

export class OptionInputDto {
  @ApiPropertyOptional({
    description: 'An option of this group to keep (and update); absent: a new option',
    minimum: 1,
    example: 5,
  })
  @OptionalField()
  @IsInt()
  @Min(1)
  @Max(MAX_INT_ID)
  id?: number;

  @ApiProperty({ example: '치즈', minLength: 1, maxLength: 100 })
  @Transform(trimString)
  @IsString()
  @IsCleanText()
  @Length(1, 100)
  name: string;

  @ApiPropertyOptional({
    description: 'KRW added to the item price when chosen (may be negative)',
    default: 0,
    minimum: -MAX_PRICE_DELTA,
    maximum: MAX_PRICE_DELTA,
    example: 1000,
  })
  @OptionalField()
  @IsInt()
  @Min(-MAX_PRICE_DELTA)
  @Max(MAX_PRICE_DELTA)
  price_delta?: number;

  @ApiPropertyOptional({ default: true, example: true })
  @OptionalField()
  @IsBoolean()
  is_available?: boolean;

  @ApiPropertyOptional({
    description:
      'Lists the group’s options by display_order, then id; omitted: the option’s position (0-based) in the sent options',
    minimum: 0,
    maximum: MAX_DISPLAY_ORDER,
    example: 0,
  })
  @OptionalField()
  @IsInt()
  @Min(0)
  @Max(MAX_DISPLAY_ORDER)
  display_order?: number;
}

export class OptionGroupInputDto {
  @ApiPropertyOptional({
    description: 'A group of this item to keep (and update); absent: a new group',
    minimum: 1,
    example: 2,
  })
  @OptionalField()
  @IsInt()
  @Min(1)
  @Max(MAX_INT_ID)
  id?: number;

  @ApiProperty({ example: '추가', minLength: 1, maxLength: 100 })
  @Transform(trimString)
  @IsString()
  @IsCleanText()
  @Length(1, 100)
  name: string;

  @ApiPropertyOptional({
    description: 'Fewest options a line must choose (1+: the group is required)',
    default: 0,
    minimum: 0,
    example: 0,
  })
  @OptionalField()
  @IsInt()
  @Min(0)
  @Max(MAX_OPTIONS_PER_GROUP)
  min_select?: number;

  @ApiProperty({
    description: 'Most options a line may choose; min_select ≤ max_select ≤ options',
    minimum: 1,
    example: 3,
  })
  @IsInt()
  @Min(1)
  @Max(MAX_OPTIONS_PER_GROUP)
  max_select: number;

  @ApiPropertyOptional({
    description:
      'Lists the item’s groups by display_order, then id; omitted: the group’s position (0-based) in the sent array',
    minimum: 0,
    maximum: MAX_DISPLAY_ORDER,
    example: 0,
  })
  @OptionalField()
  @IsInt()
  @Min(0)
  @Max(MAX_DISPLAY_ORDER)
  display_order?: number;

  @ApiProperty({
    type: OptionInputDto,
    isArray: true,
    minItems: 1,
    maxItems: MAX_OPTIONS_PER_GROUP,
    example: [
      { name: '치즈', price_delta: 1000 },
      { name: '계란', price_delta: 500 },
    ],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_OPTIONS_PER_GROUP)
  @ValidateNested({ each: true })
  @Type(() => OptionInputDto)
  options: OptionInputDto[];
}

/** The PUT body is a bare array; it is validated as this wrapper's `groups`. */
export class ReplaceOptionGroupsDto {
  @IsArray()
  @ArrayMaxSize(MAX_OPTION_GROUPS)
  @ValidateNested({ each: true })
  @Type(() => OptionGroupInputDto)
  groups: OptionGroupInputDto[];
}

export class UpdateOptionDto {
  @ApiPropertyOptional({ example: false })
  @OptionalField()
  @IsBoolean()
  is_available?: boolean;

  @ApiPropertyOptional({ example: '모짜렐라 치즈', minLength: 1, maxLength: 100 })
  @OptionalField()
  @Transform(trimString)
  @IsString()
  @IsCleanText()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({ minimum: -MAX_PRICE_DELTA, maximum: MAX_PRICE_DELTA, example: 1500 })
  @OptionalField()
  @IsInt()
  @Min(-MAX_PRICE_DELTA)
  @Max(MAX_PRICE_DELTA)
  price_delta?: number;
}

export class OptionResponseDto implements MenuOptionView {
  @ApiProperty({ example: 11 }) id: number;
  @ApiProperty({ example: '치즈' }) name: string;
  @ApiProperty({ description: 'KRW, may be negative', example: 1000 }) price_delta: number;
  @ApiProperty({ example: true }) is_available: boolean;
  @ApiProperty({ example: 0 }) display_order: number;
}

export class OptionGroupResponseDto implements MenuOptionGroupView {
  @ApiProperty({ example: 4 }) id: number;
  @ApiProperty({ example: '추가' }) name: string;
  @ApiProperty({ example: 0 }) min_select: number;
  @ApiProperty({ example: 3 }) max_select: number;
  @ApiProperty({ example: 0 }) display_order: number;
  @ApiProperty({ type: OptionResponseDto, isArray: true }) options: OptionResponseDto[];
}

/** PATCH /api/admin/menu/options/:id answers the option with the group and item it belongs to. */
export class OptionWithItemResponseDto extends OptionResponseDto {
  @ApiProperty({ description: 'The option group it belongs to', example: 4 })
  group_id: number;
  @ApiProperty({ description: 'The menu item it belongs to', example: 3 }) menu_id: number;
}
