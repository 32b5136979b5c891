import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { MAX_INT_ID } from '../../common/http/parse-id.pipe';
import { decimalToNumber } from '../../common/http/query-integer';
import { OptionalField } from '../../common/http/optional-field.decorator';
import { imageUrl } from '../../images/image-url';
import { MenuEntity } from '../entities/menu.entity';
import { MAX_DESCRIPTION_LENGTH, MAX_DISPLAY_ORDER, MAX_PRICE, trimString } from './menu-fields';
import { IsCleanText } from '../../common/http/is-clean-text.decorator';

export class CreateMenuItemDto {
  @ApiProperty({ description: 'A category of the caller’s store', minimum: 1 })
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

  @ApiPropertyOptional({ default: '', maxLength: MAX_DESCRIPTION_LENGTH })
  @OptionalField()
  @IsString()
  @MaxLength(MAX_DESCRIPTION_LENGTH)
  description?: string;

  @ApiProperty({ description: 'KRW, integer', minimum: 0, maximum: MAX_PRICE, example: 9000 })
  @IsInt()
  @Min(0)
  @Max(MAX_PRICE)
  price: number;

  @ApiPropertyOptional({ default: 0, minimum: 0, maximum: MAX_DISPLAY_ORDER })
  @OptionalField()
  @IsInt()
  @Min(0)
  @Max(MAX_DISPLAY_ORDER)
  display_order?: number;

  @ApiPropertyOptional({ default: true })
  @OptionalField()
  @IsBoolean()
  is_available?: boolean;
}

export class UpdateMenuItemDto {
  @ApiPropertyOptional({ minimum: 1 })
  @OptionalField()
  @IsInt()
  @Min(1)
  @Max(MAX_INT_ID)
  category_id?: number;

  @ApiPropertyOptional({ minLength: 1, maxLength: 100 })
  @OptionalField()
  @Transform(trimString)
  @IsString()
  @IsCleanText()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({ maxLength: MAX_DESCRIPTION_LENGTH })
  @OptionalField()
  @IsString()
  @MaxLength(MAX_DESCRIPTION_LENGTH)
  description?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_PRICE })
  @OptionalField()
  @IsInt()
  @Min(0)
  @Max(MAX_PRICE)
  price?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_DISPLAY_ORDER })
  @OptionalField()
  @IsInt()
  @Min(0)
  @Max(MAX_DISPLAY_ORDER)
  display_order?: number;

  @ApiPropertyOptional()
  @OptionalField()
  @IsBoolean()
  is_available?: boolean;
}

export class ListMenuItemsQueryDto {
  @ApiPropertyOptional({ description: 'Only items of this category', minimum: 1 })
  @OptionalField()
  @Transform(decimalToNumber)
  @IsInt()
  @Min(1)
  @Max(MAX_INT_ID)
  category_id?: number;
}

export class MenuItemResponseDto {
  @ApiProperty() id: number;
  @ApiProperty() category_id: number;
  @ApiProperty() name: string;
  @ApiProperty() description: string;
  @ApiProperty({ description: 'KRW' }) price: number;
  @ApiProperty({ type: String, nullable: true, example: '/images/<file>.jpg' })
  image_url: string | null;
  @ApiProperty({ type: String, nullable: true, example: '/images/<file>.jpg' })
  thumbnail_url: string | null;
  @ApiProperty() display_order: number;
  @ApiProperty() is_available: boolean;

  static from(item: MenuEntity): MenuItemResponseDto {
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
    };
  }
}

export class MenuItemImageResponseDto {
  @ApiProperty({ example: '/images/<file>.jpg' }) image_url: string;
  @ApiProperty({ example: '/images/<file>.jpg' }) thumbnail_url: string;
}
