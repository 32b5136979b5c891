import { ApiProperty } from '@nestjs/swagger';
import { StoreAdminAccount } from '../../auth/accounts.service';
import { StoreEntity } from '../entities/store.entity';

export class StoreResponseDto {
  @ApiProperty({ format: 'uuid', example: '3f0e8a52-1c2b-4d7e-9a10-6b5c4d3e2f1a' }) id: string;
  @ApiProperty({ example: 'gangnam-01' }) code: string;
  @ApiProperty({ example: '강남 1호점' }) name: string;
  @ApiProperty({ description: 'false: logins refused, tokens revoked', example: true })
  is_active: boolean;
  @ApiProperty({ format: 'date-time', example: '2025-01-01T12:30:00.000Z' }) created_at: string;

  static from(store: StoreEntity): StoreResponseDto {
    return {
      id: store.id,
      code: store.code,
      name: store.name,
      is_active: store.is_active,
      created_at: new Date(store.created_at).toISOString(),
    };
  }
}

export class StoreAdminResponseDto {
  @ApiProperty({ example: 2 }) id: number;
  @ApiProperty({ format: 'uuid', example: '3f0e8a52-1c2b-4d7e-9a10-6b5c4d3e2f1a' })
  store_id: string;
  @ApiProperty({ example: 'manager' }) username: string;
  @ApiProperty({ enum: ['store_admin'], example: 'store_admin' }) role: 'store_admin';
  @ApiProperty({ description: 'false: logins refused, tokens revoked', example: true })
  is_active: boolean;
  @ApiProperty({ format: 'date-time', example: '2025-01-01T12:30:00.000Z' }) created_at: string;

  static from(user: StoreAdminAccount): StoreAdminResponseDto {
    return {
      id: user.id,
      store_id: user.store_id,
      username: user.username,
      role: 'store_admin',
      is_active: user.is_active,
      created_at: new Date(user.created_at).toISOString(),
    };
  }
}
