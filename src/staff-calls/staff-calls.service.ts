import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppException } from '../common/errors/app.exception';
import { OutboxWriter } from '../outbox/outbox-writer.service';
import { StaffCallResponseDto } from './dto/staff-call.dto';
import { StaffCallStatus, StaffCallType } from './entities/staff-call-kinds';
import { StaffCallEventData } from './staff-call-events';
import { StaffCallRow, StaffCallsRepository } from './staff-calls.repository';

export interface PlacedStaffCall {
  call: StaffCallResponseDto;
  /** false when a call of that type was already open at the table and is returned instead. */
  created: boolean;
}

/**
 * Staff calls (직원 호출): a table calls, with or without an active session; an admin
 * acknowledges. Every change writes its event to the outbox in the same transaction.
 */
@Injectable()
export class StaffCallsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly calls: StaffCallsRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  /** The table's open call of that type, created (201) unless one is open already (200). */
  async call(
    storeId: string,
    tableId: number,
    type: StaffCallType,
    message: string | null,
  ): Promise<PlacedStaffCall> {
    // Two rounds: a call found open by the insert may be acknowledged before it is read.
    for (let round = 0; round < 2; round++) {
      const placed = await this.dataSource.transaction(async (manager) => {
        const inserted = await this.calls.insertOpen(manager, { storeId, tableId, type, message });
        if (inserted) {
          const call = StaffCallResponseDto.from(inserted);
          await this.announce(manager, storeId, 'staff_call.created', call);
          return { call, created: true };
        }
        const open = await this.calls.findOpen(manager, storeId, tableId, type);
        return open ? { call: StaffCallResponseDto.from(open), created: false } : null;
      });
      if (placed) return placed;
    }
    throw AppException.notFound('Table');
  }

  async list(storeId: string, status?: StaffCallStatus): Promise<StaffCallResponseDto[]> {
    return (await this.calls.list(storeId, status)).map(StaffCallResponseDto.from);
  }

  /** 409 CONFLICT when the call is no longer open; 404 when the store has no such call. */
  acknowledge(storeId: string, callId: number): Promise<StaffCallResponseDto> {
    return this.dataSource.transaction(async (manager) => {
      const acknowledged = await this.calls.acknowledge(manager, storeId, callId);
      if (!acknowledged) {
        if (!(await this.calls.exists(manager, storeId, callId))) {
          throw AppException.notFound('Staff call');
        }
        throw AppException.conflict(`Staff call ${callId} was already acknowledged`);
      }
      const call = StaffCallResponseDto.from(acknowledged);
      await this.announce(manager, storeId, 'staff_call.acknowledged', call);
      return call;
    });
  }

  /**
   * Inside the caller's transaction (ending the table's session): acknowledges the table's
   * open calls, each with its event.
   */
  async acknowledgeOpenOfTable(
    manager: EntityManager,
    storeId: string,
    tableId: number,
  ): Promise<void> {
    const acknowledged = await this.calls.acknowledgeOpenOfTable(manager, tableId);
    await this.announceAll(manager, storeId, 'staff_call.acknowledged', acknowledged);
  }

  /**
   * Inside the caller's transaction (a session moving or merging to another table, both tables
   * locked): the source table's open calls move along; duplicates of the target's open calls
   * are acknowledged, each with its event.
   */
  async moveOpenCalls(
    manager: EntityManager,
    storeId: string,
    fromTableId: number,
    toTableId: number,
  ): Promise<void> {
    const acknowledged = await this.calls.moveOpen(manager, fromTableId, toTableId);
    await this.announceAll(manager, storeId, 'staff_call.acknowledged', acknowledged);
  }

  private async announceAll(
    manager: EntityManager,
    storeId: string,
    routingKey: 'staff_call.created' | 'staff_call.acknowledged',
    rows: StaffCallRow[],
  ): Promise<void> {
    for (const row of rows) {
      await this.announce(manager, storeId, routingKey, StaffCallResponseDto.from(row));
    }
  }

  private announce(
    manager: EntityManager,
    storeId: string,
    routingKey: 'staff_call.created' | 'staff_call.acknowledged',
    call: StaffCallEventData,
  ): Promise<unknown> {
    return this.outbox.append<StaffCallEventData>(manager, { routingKey, storeId, data: call });
  }
}
