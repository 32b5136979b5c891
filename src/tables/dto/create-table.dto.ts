import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Length, Max, Min } from 'class-validator';

export class TablePasswordDto {
  @ApiProperty({
    example: '1234',
    minLength: 4,
    maxLength: 200,
    description: 'What the tablet logs in with (kept on the tablet for auto-login)',
  })
  @IsString()
  @Length(4, 200)
  password: string;
}

export class CreateTableDto extends TablePasswordDto {
  @ApiProperty({ example: 7, minimum: 1, maximum: 9999 })
  @IsInt()
  @Min(1)
  @Max(9999)
  table_number: number;
}

export class UpdateTableDto extends TablePasswordDto {}
