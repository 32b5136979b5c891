import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OutboxModule } from '../outbox/outbox.module';
import { AdminStaffCallsController } from './admin-staff-calls.controller';
import { StaffCallEntity } from './entities/staff-call.entity';
import { StaffCallsRepository } from './staff-calls.repository';
import { StaffCallsService } from './staff-calls.service';
import { TableStaffCallsController } from './table-staff-calls.controller';

/**
 * Staff calls (직원 호출). The orders module acknowledges a table's open calls when its session
 * ends, and moves them when its session moves or merges, inside those transactions, through the
 * exported service.
 */
@Module({
  imports: [TypeOrmModule.forFeature([StaffCallEntity]), OutboxModule],
  controllers: [TableStaffCallsController, AdminStaffCallsController],
  providers: [StaffCallsRepository, StaffCallsService],
  exports: [StaffCallsService],
})
export class StaffCallsModule {}
