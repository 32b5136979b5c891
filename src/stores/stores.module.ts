import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { StoreEntity } from './entities/store.entity';
import { StoresController } from './stores.controller';
import { StoresRepository } from './stores.repository';
import { StoresService } from './stores.service';

@Module({
  imports: [TypeOrmModule.forFeature([StoreEntity]), AuthModule],
  controllers: [StoresController],
  providers: [StoresRepository, StoresService],
})
export class StoresModule {}
