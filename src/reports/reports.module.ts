import { Module } from '@nestjs/common';
import { DailyReportService } from './daily-report.service';
import { ReportsController } from './reports.controller';
import { ReportsRepository } from './reports.repository';

/** Sales reports over the store's live and archived orders (read-only). */
@Module({
  controllers: [ReportsController],
  providers: [ReportsRepository, DailyReportService],
})
export class ReportsModule {}
