import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';

export const ADMIN_PASSWORD = { example: 'a-long-password', minLength: 8, maxLength: 200 };

export class CreateStoreAdminDto {
  @ApiProperty({ example: 'manager' })
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{3,50}$/, {
    message: 'username must be 3-50 letters, digits, ".", "-" or "_"',
  })
  username: string;

  @ApiProperty(ADMIN_PASSWORD)
  @IsString()
  @Length(ADMIN_PASSWORD.minLength, ADMIN_PASSWORD.maxLength)
  password: string;
}
