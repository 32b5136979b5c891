import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES } from '../../common/http/principal';

export class LoginResponseDto {
  @ApiProperty({ description: 'RS256 JWT; send as "Authorization: Bearer <token>"' })
  access_token: string;

  @ApiProperty({ enum: ['Bearer'] })
  token_type: 'Bearer';

  @ApiProperty({ description: 'Lifetime in seconds', example: 57600 })
  expires_in: number;

  @ApiProperty({ enum: ROLES, enumName: 'Role' })
  role: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Store accounts and tables only' })
  store_id?: string;

  @ApiPropertyOptional({ description: 'Tables only' })
  table_id?: number;

  @ApiPropertyOptional({ description: 'Tables only' })
  table_number?: number;
}
