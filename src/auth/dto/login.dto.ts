import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Length, Max, Min } from 'class-validator';

export class SuperadminLoginDto {
  @ApiProperty({ example: 'superadmin' })
  @IsString()
  @Length(1, 50)
  username: string;

  @ApiProperty({ example: 'superadmin-1234' })
  @IsString()
  @Length(1, 200)
  password: string;
}

export class AdminLoginDto extends SuperadminLoginDto {
  @ApiProperty({ example: 'demo', description: 'The store code (login identifier of the store)' })
  @IsString()
  @Length(1, 50)
  store_code: string;
}

export class TableLoginDto {
  @ApiProperty({ example: 'demo' })
  @IsString()
  @Length(1, 50)
  store_code: string;

  @ApiProperty({ example: 1, minimum: 1, maximum: 9999 })
  @IsInt()
  @Min(1)
  @Max(9999)
  table_number: number;

  @ApiProperty({ example: '1234' })
  @IsString()
  @Length(1, 200)
  password: string;
}
