import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsString, Length, Max, Min } from 'class-validator';
import { OptionalField } from '../../common/http/optional-field.decorator';
import { MenuCategoryEntity } from '../entities/menu-category.entity';
import { MAX_DISPLAY_ORDER, trimString } from './menu-fields';
import { IsCleanText } from '../../common/http/is-clean-text.decorator';

export class CreateMenuCategoryDto {
  @ApiProperty({ example: '메인', minLength: 1, maxLength: 100 })
  @Transform(trimString)
  @IsString()
  @IsCleanText()
  @Length(1, 100)
  name: string;

  @ApiPropertyOptional({ default: 0, minimum: 0, maximum: MAX_DISPLAY_ORDER, example: 1 })
  @OptionalField()
  @IsInt()
  @Min(0)
  @Max(MAX_DISPLAY_ORDER)
  display_order?: number;
}

export class UpdateMenuCategoryDto {
  @ApiPropertyOptional({ example: '메인', minLength: 1, maxLength: 100 })
  @OptionalField()
  @Transform(trimString)
  @IsString()
  @IsCleanText()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_DISPLAY_ORDER, example: 1 })
  @OptionalField()
  @IsInt()
  @Min(0)
  @Max(MAX_DISPLAY_ORDER)
  display_order?: number;
}

export class MenuCategoryResponseDto {
  @ApiProperty({ example: 1 }) id: number;
  @ApiProperty({ example: '메인' }) name: string;
  @ApiProperty({ example: 1 }) display_order: number;

  static from(category: MenuCategoryEntity): MenuCategoryResponseDto {
    return { id: category.id, name: category.name, display_order: category.display_order };
  }
}
