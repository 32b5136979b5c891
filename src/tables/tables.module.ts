import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { TableSessionEntity } from './entities/table-session.entity';
import { TableEntity } from './entities/table.entity';
import { TableSessionsRepository } from './table-sessions.repository';
import { TableSessionsService } from './table-sessions.service';
import { TablesController } from './tables.controller';
import { TablesRepository } from './tables.repository';
import { TablesService } from './tables.service';

/** Tables and their sessions. The orders module builds on the exported services. */
@Module({
  imports: [TypeOrmModule.forFeature([TableEntity, TableSessionEntity]), AuthModule],
  controllers: [TablesController],
  providers: [TablesRepository, TablesService, TableSessionsRepository, TableSessionsService],
  exports: [TablesService, TableSessionsService],
})
export class TablesModule {}
