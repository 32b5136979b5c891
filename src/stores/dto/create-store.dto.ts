import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { IsCleanText } from '../../common/http/is-clean-text.decorator';

export class CreateStoreDto {
  @ApiProperty({
    example: 'gangnam-01',
    description: 'Login identifier: lowercase letters, digits, - and _',
  })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9_-]{1,49}$/, {
    message:
      'code must be 2-50 lowercase letters, digits, "-" or "_", starting with a letter or digit',
  })
  code: string;

  @ApiProperty({ example: '강남 1호점' })
  @IsString()
  @IsCleanText()
  @Length(1, 100)
  name: string;
}
