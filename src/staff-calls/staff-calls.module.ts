import { Module } from '@nestjs/common';
import { AdminStaffCallsController } from './admin-staff-calls.controller';
import { StaffCallsRepository } from './staff-calls.repository';
import { StaffCallsService } from './staff-calls.service';
import { TableStaffCallsController } from './table-staff-calls.controller';

/**
 * Staff calls (직원 호출). The orders module acknowledges a table's open calls when its session
 * ends, and moves them when its session moves or merges, inside those transactions, through the
 * exported service.
 */
@Module({
  controllers: [TableStaffCallsController, AdminStaffCallsController],
  providers: [StaffCallsRepository, StaffCallsService],
  exports: [StaffCallsService],
})
export class StaffCallsModule {}
