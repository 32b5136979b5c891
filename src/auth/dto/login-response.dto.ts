import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES } from '../../common/http/principal';

export class LoginResponseDto {
  @ApiProperty({
    description: 'RS256 JWT; send as "Authorization: Bearer <token>"',
    example:
      'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIiwicm9sZSI6InRhYmxlIn0.c2lnbmF0dXJl',
  })
  access_token: string;

  @ApiProperty({ enum: ['Bearer'], example: 'Bearer' })
  token_type: 'Bearer';

  @ApiProperty({ description: 'Lifetime in seconds', example: 57600 })
  expires_in: number;

  @ApiProperty({ enum: ROLES, enumName: 'Role', example: 'table' })
  role: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Store accounts and tables only',
    example: '3f0e8a52-1c2b-4d7e-9a10-6b5c4d3e2f1a',
  })
  store_id?: string;

  @ApiPropertyOptional({ description: 'Tables only', example: 1 })
  table_id?: number;

  @ApiPropertyOptional({ description: 'Tables only', example: 1 })
  table_number?: number;
}
