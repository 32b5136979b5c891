import { Injectable } from '@nestjs/common';
import { AppException } from '../common/errors/app.exception';
import { hashPassword } from '../common/security/passwords';
import { TableSummaryRow, TablesRepository } from './tables.repository';

@Injectable()
export class TablesService {
  constructor(private readonly tables: TablesRepository) {}

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

  /** Replaces the tablet password and lifts a lockout; tokens already issued stay valid. */
  async changePassword(
    storeId: string,
    tableId: number,
    password: string,
  ): Promise<TableSummaryRow> {
    const updated = await this.tables.updatePassword(
      storeId,
      tableId,
      await hashPassword(password),
    );
    if (!updated) throw AppException.notFound('Table');
    return (await this.tables.findWithSession(storeId, tableId)) as TableSummaryRow;
  }

  async assertExists(storeId: string, tableId: number): Promise<void> {
    if (!(await this.tables.exists(storeId, tableId))) throw AppException.notFound('Table');
  }
}
