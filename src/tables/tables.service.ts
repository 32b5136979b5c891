import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { LoginLockout } from '../auth/login/login-lockout.service';
import { TokenVersionService } from '../auth/revocation/token-version.service';
import { AppException } from '../common/errors/app.exception';
import { hashPassword } from '../common/security/passwords';
import { TableSummaryRow, TablesRepository } from './tables.repository';

/** Part of the module's public surface: other features read tables through this service. */
export type { TableSummaryRow };

@Injectable()
export class TablesService {
  constructor(
    private readonly tables: TablesRepository,
    private readonly tokenVersions: TokenVersionService,
    private readonly lockout: LoginLockout,
  ) {}

  list(storeId: string): Promise<TableSummaryRow[]> {
    return this.tables.listWithSessions(storeId);
  }

  async create(storeId: string, tableNumber: number, password: string): Promise<TableSummaryRow> {
    const created = await this.tables.insertIfNumberFree(
      storeId,
      tableNumber,
      await hashPassword(password),
    );
    if (!created) throw AppException.conflict(`Table number ${tableNumber} already exists`);
    return { ...created, session_id: null, started_at: null, order_count: 0, total_amount: 0 };
  }

  /**
   * Renumbers the table and/or replaces its tablet password (lifting a lockout). A new password
   * revokes the tablet's earlier tokens (401 TOKEN_REVOKED: it logs in again with the new one);
   * a renumbering alone keeps them, and the tablet logs in with its new number next time.
   */
  async update(
    storeId: string,
    tableId: number,
    changes: { table_number?: number; password?: string },
  ): Promise<TableSummaryRow> {
    const outcome = await this.tables.update(storeId, tableId, {
      tableNumber: changes.table_number,
      passwordHash:
        changes.password === undefined ? undefined : await hashPassword(changes.password),
    });
    if (outcome === 'not_found') throw AppException.notFound('Table');
    if (outcome === 'number_taken') {
      throw AppException.conflict(`Table number ${changes.table_number} already exists`);
    }
    if (changes.password !== undefined) {
      await this.tokenVersions.revoked({ role: 'table', sub: String(tableId), store_id: storeId });
      await this.lockout.lift(LoginLockout.accountSubject('tables', tableId));
    }
    return (await this.tables.findWithSession(storeId, tableId)) as TableSummaryRow;
  }

  /**
   * The table with its current session summary; 404 when the store has no such table. Read in
   * the caller's transaction when `manager` is given.
   */
  async summary(
    storeId: string,
    tableId: number,
    manager?: EntityManager,
  ): Promise<TableSummaryRow> {
    const table = await this.tables.findWithSession(storeId, tableId, manager);
    if (!table) throw AppException.notFound('Table');
    return table;
  }

  async assertExists(storeId: string, tableId: number): Promise<void> {
    if (!(await this.tables.exists(storeId, tableId))) throw AppException.notFound('Table');
  }
}
