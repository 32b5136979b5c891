import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsISO8601,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { MAX_INT_ID } from '../../common/http/parse-id.pipe';
import { decimalToNumber } from '../../common/http/query-integer';
import { OptionalField } from '../../common/http/optional-field.decorator';
import { imageUrl } from '../../images/image-url';
import { MenuItem } from '../menu-item';
import { OptionGroupResponseDto } from './option-group.dto';
import { MAX_DESCRIPTION_LENGTH, MAX_DISPLAY_ORDER, MAX_PRICE, trimString } from './menu-fields';
import { IsCleanText } from '../../common/http/is-clean-text.decorator';

const WITH_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/i;

/** `sold_out_until`: an ISO-8601 instant with its offset, or null to clear it. */
function SoldOutUntil(): PropertyDecorator {
  return (target, key) => {
    ValidateIf((_object, value: unknown) => value !== undefined && value !== null)(target, key);
    IsISO8601({ strict: true }, { message: 'sold_out_until must be an ISO-8601 timestamp' })(
      target,
      key,
    );
    Matches(WITH_OFFSET, { message: 'sold_out_until must carry a time zone (Z or ±hh:mm)' })(
      target,
      key,
    );
  };
}

const SOLD_OUT_UNTIL_DOC = {
  type: String,
  format: 'date-time',
  nullable: true,
  example: '2025-01-01T15:00:00Z',
  description:
    'Sold out until this instant (the item is unavailable until then and orderable again by ' +
    'itself after it); null clears it',
};

export class CreateMenuItemDto {
  @ApiProperty({ description: 'A category of the caller’s store', minimum: 1, example: 1 })
  @IsInt()
  @Min(1)
  @Max(MAX_INT_ID)
  category_id: number;

  @ApiProperty({ example: '김치찌개', minLength: 1, maxLength: 100 })
  @Transform(trimString)
  @IsString()
  @IsCleanText()
  @Length(1, 100)
  name: string;

  @ApiPropertyOptional({
    default: '',
    maxLength: MAX_DESCRIPTION_LENGTH,
    example: '돼지고기와 묵은지로 끓인 찌개',
  })
  @OptionalField()
  @IsString()
  @MaxLength(MAX_DESCRIPTION_LENGTH)
  description?: string;

  @ApiProperty({ description: 'KRW, integer', minimum: 0, maximum: MAX_PRICE, example: 9000 })
  @IsInt()
  @Min(0)
  @Max(MAX_PRICE)
  price: number;

  @ApiPropertyOptional({ default: 0, minimum: 0, maximum: MAX_DISPLAY_ORDER, example: 1 })
  @OptionalField()
  @IsInt()
  @Min(0)
  @Max(MAX_DISPLAY_ORDER)
  display_order?: number;

  @ApiPropertyOptional({ default: true, example: true })
  @OptionalField()
  @IsBoolean()
  is_available?: boolean;

  @ApiPropertyOptional(SOLD_OUT_UNTIL_DOC)
  @SoldOutUntil()
  sold_out_until?: string | null;
}

export class UpdateMenuItemDto {
  @ApiPropertyOptional({ minimum: 1, example: 1 })
  @OptionalField()
  @IsInt()
  @Min(1)
  @Max(MAX_INT_ID)
  category_id?: number;

  @ApiPropertyOptional({ minLength: 1, maxLength: 100, example: '김치찌개' })
  @OptionalField()
  @Transform(trimString)
  @IsString()
  @IsCleanText()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({
    maxLength: MAX_DESCRIPTION_LENGTH,
    example: '돼지고기와 묵은지로 끓인 찌개',
  })
  @OptionalField()
  @IsString()
  @MaxLength(MAX_DESCRIPTION_LENGTH)
  description?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_PRICE, example: 9500 })
  @OptionalField()
  @IsInt()
  @Min(0)
  @Max(MAX_PRICE)
  price?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_DISPLAY_ORDER, example: 1 })
  @OptionalField()
  @IsInt()
  @Min(0)
  @Max(MAX_DISPLAY_ORDER)
  display_order?: number;

  @ApiPropertyOptional({ example: false })
  @OptionalField()
  @IsBoolean()
  is_available?: boolean;

  @ApiPropertyOptional(SOLD_OUT_UNTIL_DOC)
  @SoldOutUntil()
  sold_out_until?: string | null;
}

/** The instant a validated `sold_out_until` names (undefined: not sent, null: cleared). */
export function soldOutUntil(value: string | null | undefined): Date | null | undefined {
  return value === undefined || value === null ? value : new Date(value);
}

export class ListMenuItemsQueryDto {
  @ApiPropertyOptional({ description: 'Only items of this category', minimum: 1, example: 1 })
  @OptionalField()
  @Transform(decimalToNumber)
  @IsInt()
  @Min(1)
  @Max(MAX_INT_ID)
  category_id?: number;
}

export class MenuItemResponseDto {
  @ApiProperty({ example: 1 }) id: number;
  @ApiProperty({ example: 1 }) category_id: number;
  @ApiProperty({ example: '김치찌개' }) name: string;
  @ApiProperty({ example: '돼지고기와 묵은지로 끓인 찌개' }) description: string;
  @ApiProperty({ description: 'KRW', example: 9000 }) price: number;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '/images/7d3c1b9e-2f4a-4c8e-9b6d-1a2b3c4d5e6f.jpg',
  })
  image_url: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '/images/0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b.jpg',
  })
  thumbnail_url: string | null;
  @ApiProperty({ example: 1 }) display_order: number;
  @ApiProperty({ description: 'The admin’s switch; see also sold_out_until', example: true })
  is_available: boolean;
  @ApiProperty({ ...SOLD_OUT_UNTIL_DOC, description: 'Sold out until this instant, or null' })
  sold_out_until: string | null;
  @ApiProperty({
    type: OptionGroupResponseDto,
    isArray: true,
    description: 'Empty when the item has no options',
  })
  option_groups: OptionGroupResponseDto[];

  static from(item: MenuItem): MenuItemResponseDto {
    return {
      id: item.id,
      category_id: item.category_id as number,
      name: item.name,
      description: item.description,
      price: item.price,
      image_url: imageUrl(item.image_path),
      thumbnail_url: imageUrl(item.thumbnail_path),
      display_order: item.display_order,
      is_available: item.is_available,
      sold_out_until: item.sold_out_until ? new Date(item.sold_out_until).toISOString() : null,
      option_groups: item.option_groups,
    };
  }
}

export class MenuItemImageResponseDto {
  @ApiProperty({ example: '/images/7d3c1b9e-2f4a-4c8e-9b6d-1a2b3c4d5e6f.jpg' }) image_url: string;
  @ApiProperty({ example: '/images/0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b.jpg' })
  thumbnail_url: string;
}
