import { ApiProperty } from '@nestjs/swagger';
import { StoreAdminAccount } from '../../auth/accounts.service';
import { StoreEntity } from '../entities/store.entity';

export class StoreResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'false: logins refused, tokens revoked' }) is_active: boolean;
  @ApiProperty({ format: 'date-time' }) created_at: string;

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
  @ApiProperty() id: number;
  @ApiProperty({ format: 'uuid' }) store_id: string;
  @ApiProperty() username: string;
  @ApiProperty({ enum: ['store_admin'] }) role: 'store_admin';
  @ApiProperty({ description: 'false: logins refused, tokens revoked' }) is_active: boolean;
  @ApiProperty({ format: 'date-time' }) created_at: string;

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
