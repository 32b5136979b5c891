import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { StaffCallStatus, StaffCallType } from './entities/staff-call-kinds';

/** A call with its table's number, as every read and event of this module carries it. */
export interface StaffCallRow {
  id: number;
  store_id: string;
  type: StaffCallType;
  message: string | null;
  status: StaffCallStatus;
  table_id: number;
  table_number: number;
  created_at: Date;
  acknowledged_at: Date | null;
}

/** How many calls the admin list returns at most (open calls are few; acknowledged ones pile up). */
export const STAFF_CALL_LIST_LIMIT = 200;

const WITH_TABLE = `c.id, c.store_id, c.type, c.message, c.status, c.table_id, t.table_number,
                    c.created_at, c.acknowledged_at`;

@Injectable()
export class StaffCallsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Inserts an open call unless the table already has one of that type (the partial unique
   * index decides, also between concurrent taps: the loser waits for the winner's commit and
   * inserts nothing). Null when the table is not the store's or a call of the type is open.
   */
  async insertOpen(
    manager: EntityManager,
    call: { storeId: string; tableId: number; type: StaffCallType; message: string | null },
  ): Promise<StaffCallRow | null> {
    const rows = await manager.query(
      `/* query:staffCalls.insertOpen */
       WITH inserted AS (
         INSERT INTO staff_calls (store_id, table_id, type, message)
         SELECT t.store_id, t.id, $3, $4 FROM tables t WHERE t.id = $2 AND t.store_id = $1
         ON CONFLICT (table_id, type) WHERE status = 'open' DO NOTHING
         RETURNING *
       )
       SELECT ${WITH_TABLE} FROM inserted c JOIN tables t ON t.id = c.table_id`,
      [call.storeId, call.tableId, call.type, call.message],
    );
    return rows[0] ?? null;
  }

  async findOpen(
    manager: EntityManager,
    storeId: string,
    tableId: number,
    type: StaffCallType,
  ): Promise<StaffCallRow | null> {
    const rows = await manager.query(
      `/* query:staffCalls.findOpen */
       SELECT ${WITH_TABLE} FROM staff_calls c JOIN tables t ON t.id = c.table_id
       WHERE c.table_id = $2 AND c.store_id = $1 AND c.type = $3 AND c.status = 'open'`,
      [storeId, tableId, type],
    );
    return rows[0] ?? null;
  }

  /** The store's calls, newest first, optionally of one status. */
  list(storeId: string, status?: StaffCallStatus): Promise<StaffCallRow[]> {
    return this.dataSource.query(
      `/* query:staffCalls.list */
       SELECT ${WITH_TABLE} FROM staff_calls c JOIN tables t ON t.id = c.table_id
       WHERE c.store_id = $1 AND ($2::varchar IS NULL OR c.status = $2)
       ORDER BY c.created_at DESC, c.id DESC LIMIT ${STAFF_CALL_LIST_LIMIT}`,
      [storeId, status ?? null],
    );
  }

  /**
   * Acknowledges an open call. Of two admins racing, the second UPDATE waits for the first's
   * commit, re-reads the row, finds it no longer open and updates nothing.
   */
  async acknowledge(
    manager: EntityManager,
    storeId: string,
    callId: number,
  ): Promise<StaffCallRow | null> {
    const rows = await manager.query(
      `/* query:staffCalls.acknowledge */
       WITH acknowledged AS (
         UPDATE staff_calls SET status = 'acknowledged', acknowledged_at = now()
         WHERE id = $2 AND store_id = $1 AND status = 'open'
         RETURNING *
       )
       SELECT ${WITH_TABLE} FROM acknowledged c JOIN tables t ON t.id = c.table_id`,
      [storeId, callId],
    );
    return rows[0] ?? null;
  }

  async exists(manager: EntityManager, storeId: string, callId: number): Promise<boolean> {
    const rows = await manager.query(
      `/* query:staffCalls.exists */ SELECT 1 FROM staff_calls WHERE id = $2 AND store_id = $1`,
      [storeId, callId],
    );
    return rows.length > 0;
  }

  /** Acknowledges every open call of the table (its session ended); returns them. */
  acknowledgeOpenOfTable(manager: EntityManager, tableId: number): Promise<StaffCallRow[]> {
    return manager.query(
      `/* query:staffCalls.acknowledgeOpenOfTable */
       WITH acknowledged AS (
         UPDATE staff_calls SET status = 'acknowledged', acknowledged_at = now()
         WHERE table_id = $1 AND status = 'open'
         RETURNING *
       )
       SELECT ${WITH_TABLE} FROM acknowledged c JOIN tables t ON t.id = c.table_id
       ORDER BY c.id`,
      [tableId],
    );
  }

  /**
   * The table's open calls follow its guests to another table; a type the target already has
   * open stays behind acknowledged (the target's call stands for both). Returns the calls
   * acknowledged that way.
   */
  async moveOpen(
    manager: EntityManager,
    fromTableId: number,
    toTableId: number,
  ): Promise<StaffCallRow[]> {
    const rows: StaffCallRow[] = await manager.query(
      `/* query:staffCalls.moveOpen */
       WITH changed AS (
         UPDATE staff_calls c
         SET table_id = CASE WHEN d.duplicate THEN c.table_id ELSE $2 END,
             status = CASE WHEN d.duplicate THEN 'acknowledged' ELSE c.status END,
             acknowledged_at = CASE WHEN d.duplicate THEN now() ELSE c.acknowledged_at END
         FROM (
           SELECT s.id, EXISTS (
             SELECT 1 FROM staff_calls t
             WHERE t.table_id = $2 AND t.type = s.type AND t.status = 'open'
           ) AS duplicate
           FROM staff_calls s WHERE s.table_id = $1 AND s.status = 'open'
         ) d
         WHERE c.id = d.id AND c.status = 'open'
         RETURNING c.*
       )
       SELECT ${WITH_TABLE} FROM changed c JOIN tables t ON t.id = c.table_id
       WHERE c.status = 'acknowledged' ORDER BY c.id`,
      [fromTableId, toTableId],
    );
    return rows;
  }
}
