import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppException } from '../common/errors/app.exception';
import { ErrorCode } from '../common/errors/error-code';
import { OutboxWriter } from '../outbox/outbox-writer.service';
import { StaffCallsService } from '../staff-calls/staff-calls.service';
import { LockedTable, TableSessionsService } from '../tables/table-sessions.service';
import { TableSummaryRow, TablesService } from '../tables/tables.service';
import { TableSessionMergedData, TableSessionTransferredData } from './order-events';
import { OrdersRepository } from './orders.repository';
import { SessionCacheService } from './session-cache.service';

interface LockedPair {
  from: LockedTable;
  to: LockedTable;
}

/**
 * Moving a party to another table and seating two parties together (합석). Each runs in one
 * transaction holding both tables' row locks, taken in id order — the lock that placing an order
 * and ending a session take for their table — so an order racing a move lands in the session
 * before it moves (and moves with it) or waits and finds the table as the move left it. The
 * answer (the target table's session summary) is read in that transaction, so it is exactly
 * what the transfer left, never an end-session that followed it.
 */
@Injectable()
export class TableTransferService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sessions: TableSessionsService,
    private readonly tables: TablesService,
    private readonly orders: OrdersRepository,
    private readonly staffCalls: StaffCallsService,
    private readonly outbox: OutboxWriter,
    private readonly sessionCache: SessionCacheService,
  ) {}

  /** The active session (orders, open calls, total) moves to a table without one. */
  async move(storeId: string, fromTableId: number, toTableId: number): Promise<TableSummaryRow> {
    assertTwoTables(fromTableId, toTableId, 'to_table_id');
    const moved = await this.dataSource.transaction(async (manager) => {
      const { from, to } = await this.lockPair(manager, storeId, fromTableId, toTableId);
      const moving = await this.sessions.requireActive(manager, from);
      if (await this.sessions.findActive(manager, to.id)) {
        throw new AppException(
          ErrorCode.TABLE_OCCUPIED,
          `Table ${to.table_number} already has an active session`,
        );
      }
      await this.sessions.moveToTable(manager, moving.id, to.id);
      await this.orders.moveSessionOrders(manager, moving.id, {
        tableId: to.id,
        sessionId: moving.id,
      });
      await this.staffCalls.moveOpenCalls(manager, storeId, from.id, to.id);
      await this.outbox.append<TableSessionTransferredData>(manager, {
        routingKey: 'table_session.moved',
        storeId,
        data: { from_table_id: from.id, to_table_id: to.id, session_id: moving.id },
      });
      return { sessionId: moving.id, target: await this.tables.summary(storeId, to.id, manager) };
    });
    await this.sessionCache.invalidate(moved.sessionId);
    return moved.target;
  }

  /** The source session's orders join the target's active session; the source session ends. */
  async merge(storeId: string, fromTableId: number, intoTableId: number): Promise<TableSummaryRow> {
    assertTwoTables(fromTableId, intoTableId, 'into_table_id');
    const merged = await this.dataSource.transaction(async (manager) => {
      const { from, to } = await this.lockPair(manager, storeId, fromTableId, intoTableId);
      const source = await this.sessions.requireActive(manager, from);
      const target = await this.sessions.requireActive(manager, to);
      await this.orders.moveSessionOrders(manager, source.id, {
        tableId: to.id,
        sessionId: target.id,
      });
      await this.sessions.end(manager, source.id);
      await this.staffCalls.moveOpenCalls(manager, storeId, from.id, to.id);
      await this.outbox.append<TableSessionMergedData>(manager, {
        routingKey: 'table_session.merged',
        storeId,
        data: {
          from_table_id: from.id,
          to_table_id: to.id,
          session_id: target.id,
          merged_session_id: source.id,
        },
      });
      return { source, target, summary: await this.tables.summary(storeId, to.id, manager) };
    });
    await this.sessionCache.invalidate(merged.source.id);
    await this.sessionCache.invalidate(merged.target.id);
    return merged.summary;
  }

  /** Both tables of the store, locked lower id first (two transfers never deadlock); else 404. */
  private async lockPair(
    manager: EntityManager,
    storeId: string,
    fromTableId: number,
    toTableId: number,
  ): Promise<LockedPair> {
    const [firstId, secondId] = [fromTableId, toTableId].sort((a, b) => a - b);
    const first = await this.sessions.lockTable(manager, storeId, firstId);
    const second = await this.sessions.lockTable(manager, storeId, secondId);
    return first.id === fromTableId ? { from: first, to: second } : { from: second, to: first };
  }
}

function assertTwoTables(fromTableId: number, toTableId: number, field: string): void {
  if (fromTableId === toTableId) {
    throw AppException.validationFailed([{ field, message: `${field} must be another table` }]);
  }
}
