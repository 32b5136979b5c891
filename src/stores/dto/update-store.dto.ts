import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsString, Length } from 'class-validator';
import { OptionalField } from '../../common/http/optional-field.decorator';
import { ADMIN_PASSWORD } from './create-store-admin.dto';

export class UpdateStoreDto {
  @ApiProperty({
    description:
      'false refuses the store’s logins and revokes every token of its admins and tables',
    example: false,
  })
  @IsBoolean()
  is_active: boolean;
}

/** Either field or both (an explicit null is refused, as in every PATCH). */
export class UpdateStoreAdminDto {
  @ApiPropertyOptional({
    description: 'false refuses its logins and revokes its tokens',
    example: false,
  })
  @OptionalField()
  @IsBoolean()
  is_active?: boolean;

  @ApiPropertyOptional({ ...ADMIN_PASSWORD, description: 'Revokes the admin’s earlier tokens' })
  @OptionalField()
  @IsString()
  @Length(ADMIN_PASSWORD.minLength, ADMIN_PASSWORD.maxLength)
  password?: string;
}
