import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { isUniqueViolation } from '../common/errors/postgres-error';

/** The unique constraint on (store_id, table_number). */
const TABLE_NUMBER_UNIQUE = 'uq_tables_store_number';

/** A table with its active session's running totals (session columns null when idle). */
export interface TableSummaryRow {
  id: number;
  table_number: number;
  session_id: number | null;
  started_at: Date | null;
  order_count: number;
  total_amount: number;
}

const SUMMARY_SELECT = `
  SELECT t.id, t.table_number, s.id AS session_id, s.started_at,
         count(o.id)::int AS order_count, coalesce(sum(o.total_amount), 0)::bigint AS total_amount
  FROM tables t
  LEFT JOIN table_sessions s ON s.table_id = t.id AND s.is_active
  LEFT JOIN orders o ON o.table_session_id = s.id`;

@Injectable()
export class TablesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Every table of the store with its current session summary, in one query. */
  listWithSessions(storeId: string): Promise<TableSummaryRow[]> {
    return this.dataSource.query(
      `/* query:tables.listWithSessions */ ${SUMMARY_SELECT}
       WHERE t.store_id = $1
       GROUP BY t.id, s.id
       ORDER BY t.table_number`,
      [storeId],
    );
  }

  /** Inside the caller's transaction when `manager` is given (e.g. the move that seated it). */
  async findWithSession(
    storeId: string,
    tableId: number,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<TableSummaryRow | null> {
    const rows: TableSummaryRow[] = await manager.query(
      `/* query:tables.findWithSession */ ${SUMMARY_SELECT}
       WHERE t.store_id = $1 AND t.id = $2
       GROUP BY t.id, s.id`,
      [storeId, tableId],
    );
    return rows[0] ?? null;
  }

  /** Returns null when the store already has a table with that number. */
  async insertIfNumberFree(
    storeId: string,
    tableNumber: number,
    passwordHash: string,
  ): Promise<{ id: number; table_number: number } | null> {
    const rows = await this.dataSource.query(
      `/* query:tables.insert */
       INSERT INTO tables (store_id, table_number, password_hash) VALUES ($1, $2, $3)
       ON CONFLICT (store_id, table_number) DO NOTHING
       RETURNING id, table_number`,
      [storeId, tableNumber, passwordHash],
    );
    return rows[0] ?? null;
  }

  /**
   * Renumbers the table and/or sets a new password (which raises the token version, revoking
   * the tablet's earlier tokens).
   * 'number_taken' when another table of the store has that number.
   */
  async update(
    storeId: string,
    tableId: number,
    changes: { tableNumber?: number; passwordHash?: string },
  ): Promise<'updated' | 'not_found' | 'number_taken'> {
    try {
      const [, affected]: [unknown, number] = await this.dataSource.query(
        `/* query:tables.update */
         UPDATE tables SET
           table_number = COALESCE($3, table_number),
           password_hash = COALESCE($4, password_hash),
           token_version = token_version + CASE WHEN $4::text IS NULL THEN 0 ELSE 1 END,
           updated_at = now()
         WHERE store_id = $1 AND id = $2`,
        [storeId, tableId, changes.tableNumber ?? null, changes.passwordHash ?? null],
      );
      return affected === 1 ? 'updated' : 'not_found';
    } catch (error) {
      if (isUniqueViolation(error, TABLE_NUMBER_UNIQUE)) return 'number_taken';
      throw error;
    }
  }

  async exists(storeId: string, tableId: number): Promise<boolean> {
    const rows = await this.dataSource.query(
      `/* query:tables.exists */ SELECT 1 FROM tables WHERE store_id = $1 AND id = $2`,
      [storeId, tableId],
    );
    return rows.length > 0;
  }
}
