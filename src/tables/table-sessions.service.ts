import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppException } from '../common/errors/app.exception';
import { ErrorCode } from '../common/errors/error-code';
import { ActiveSession, LockedTable, TableSessionsRepository } from './table-sessions.repository';

/** Part of the module's public surface: orders lock a table through this service. */
export type { LockedTable };

/**
 * Session primitives for the ordering and closing use cases (orders module). Placing an order
 * and ending a session both start with `lockTable` in their transaction, so for one table they
 * run one after the other: an order lands in the session before it ends, or in the next one.
 */
@Injectable()
export class TableSessionsService {
  constructor(private readonly sessions: TableSessionsRepository) {}

  /** Locks the store's table for the rest of the transaction; 404 when the store has no such table. */
  async lockTable(manager: EntityManager, storeId: string, tableId: number): Promise<LockedTable> {
    const table = await this.sessions.lockTable(manager, storeId, tableId);
    if (!table) throw AppException.notFound('Table');
    return table;
  }

  findActive(manager: EntityManager, tableId: number): Promise<ActiveSession | null> {
    return this.sessions.findActive(manager, tableId);
  }

  /** The locked table's active session; 409 NO_ACTIVE_SESSION when it has none. */
  async requireActive(manager: EntityManager, table: LockedTable): Promise<ActiveSession> {
    const session = await this.sessions.findActive(manager, table.id);
    if (!session) {
      throw new AppException(
        ErrorCode.NO_ACTIVE_SESSION,
        `Table ${table.table_number} has no active session`,
      );
    }
    return session;
  }

  /** The table's active session, opened now if there is none. Call with the table locked. */
  async ensureActive(
    manager: EntityManager,
    storeId: string,
    tableId: number,
  ): Promise<ActiveSession> {
    const active = await this.sessions.findActive(manager, tableId);
    if (active) return active;
    const opened = await this.sessions.open(manager, storeId, tableId);
    if (opened) return opened;
    // Opened by a writer that skipped the table lock: the insert waited for it, so a new
    // statement sees its session.
    const concurrent = await this.sessions.findActive(manager, tableId);
    if (!concurrent) throw new Error(`table ${tableId}: no active session after a conflict`);
    return concurrent;
  }

  /** Marks the session ended; returns ended_at. */
  end(manager: EntityManager, sessionId: number): Promise<Date> {
    return this.sessions.end(manager, sessionId);
  }

  /** Gives the session to another table; call with both tables locked and the target idle. */
  moveToTable(manager: EntityManager, sessionId: number, tableId: number): Promise<void> {
    return this.sessions.moveToTable(manager, sessionId, tableId);
  }

  activeSessionId(storeId: string, tableId: number): Promise<number | null> {
    return this.sessions.findActiveId(storeId, tableId);
  }
}
