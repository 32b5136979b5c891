import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, Length, Max, Min } from 'class-validator';
import { OptionalField } from '../../common/http/optional-field.decorator';

const TABLE_NUMBER = { example: 7, minimum: 1, maximum: 9999 };
const PASSWORD = {
  example: '1234',
  minLength: 4,
  maxLength: 200,
  description: 'What the tablet logs in with (kept on the tablet for auto-login)',
};

export class CreateTableDto {
  @ApiProperty(TABLE_NUMBER)
  @IsInt()
  @Min(1)
  @Max(9999)
  table_number: number;

  @ApiProperty(PASSWORD)
  @IsString()
  @Length(4, 200)
  password: string;
}

/** Either field or both (an explicit null is refused, as in every PATCH). */
export class UpdateTableDto {
  @ApiPropertyOptional(TABLE_NUMBER)
  @OptionalField()
  @IsInt()
  @Min(1)
  @Max(9999)
  table_number?: number;

  @ApiPropertyOptional(PASSWORD)
  @OptionalField()
  @IsString()
  @Length(4, 200)
  password?: string;
}
