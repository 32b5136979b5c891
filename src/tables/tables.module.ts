import { Module } from '@nestjs/common';
import { TableSessionsRepository } from './table-sessions.repository';
import { TableSessionsService } from './table-sessions.service';
import { TablesController } from './tables.controller';
import { TablesRepository } from './tables.repository';
import { TablesService } from './tables.service';

/** Tables and their sessions. The orders module builds on the exported services. */
@Module({
  controllers: [TablesController],
  providers: [TablesRepository, TablesService, TableSessionsRepository, TableSessionsService],
  exports: [TablesService, TableSessionsService],
})
export class TablesModule {}
