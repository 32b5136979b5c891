import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface LockedTable {
  id: number;
  table_number: number;
}

export interface ActiveSession {
  id: number;
  started_at: Date;
}

/**
 * Table sessions. Every method taking an EntityManager runs inside the caller's transaction;
 * the table-row lock is what serializes ordering and closing for one table.
 */
@Injectable()
export class TableSessionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Locks the table row until the transaction ends (FOR NO KEY UPDATE: conflicts with itself,
   * not with the foreign-key checks of rows that reference the table).
   */
  async lockTable(
    manager: EntityManager,
    storeId: string,
    tableId: number,
  ): Promise<LockedTable | null> {
    const rows = await manager.query(
      `/* query:tables.lockTable */
       SELECT id, table_number FROM tables WHERE id = $1 AND store_id = $2 FOR NO KEY UPDATE`,
      [tableId, storeId],
    );
    return rows[0] ?? null;
  }

  /** Must run as its own statement after lockTable, so its snapshot sees what the lock waited for. */
  async findActive(manager: EntityManager, tableId: number): Promise<ActiveSession | null> {
    const rows = await manager.query(
      `/* query:tables.findActiveSession */
       SELECT id, started_at FROM table_sessions WHERE table_id = $1 AND is_active`,
      [tableId],
    );
    return rows[0] ?? null;
  }

  /**
   * Opens a session; the partial unique index (one active session per table) backs the lock:
   * null when another transaction holds the active session.
   */
  async open(
    manager: EntityManager,
    storeId: string,
    tableId: number,
  ): Promise<ActiveSession | null> {
    const rows = await manager.query(
      `/* query:tables.openSession */
       INSERT INTO table_sessions (store_id, table_id) VALUES ($1, $2)
       ON CONFLICT (table_id) WHERE is_active DO NOTHING
       RETURNING id, started_at`,
      [storeId, tableId],
    );
    return rows[0] ?? null;
  }

  async end(manager: EntityManager, sessionId: number): Promise<Date> {
    const [rows]: [{ ended_at: Date }[], number] = await manager.query(
      `/* query:tables.endSession */
       UPDATE table_sessions SET is_active = false, ended_at = now()
       WHERE id = $1 AND is_active
       RETURNING ended_at`,
      [sessionId],
    );
    return rows[0].ended_at;
  }

  /** Gives the session to another table (which must have no active session: the unique index). */
  async moveToTable(manager: EntityManager, sessionId: number, tableId: number): Promise<void> {
    await manager.query(
      `/* query:tables.moveSession */ UPDATE table_sessions SET table_id = $2 WHERE id = $1`,
      [sessionId, tableId],
    );
  }

  /** The active session of a table, read outside any transaction (the tablet's own view). */
  async findActiveId(storeId: string, tableId: number): Promise<number | null> {
    const rows = await this.dataSource.query(
      `/* query:tables.findActiveSessionId */
       SELECT id FROM table_sessions WHERE table_id = $1 AND store_id = $2 AND is_active`,
      [tableId, storeId],
    );
    return rows[0]?.id ?? null;
  }
}
