import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { OutboxWriter } from '../outbox/outbox-writer.service';
import { StaffCallsService } from '../staff-calls/staff-calls.service';
import { TableSessionsService } from '../tables/table-sessions.service';
import { TableSessionEndedData } from './order-events';
import { OrderHistoryRepository } from './order-history.repository';
import { OrderHistoryService } from './order-history.service';
import { SessionCacheService } from './session-cache.service';

/**
 * POST /api/admin/tables/:id/end-session (이용 완료). One transaction under the table-row lock
 * that order placement also takes: move the session's orders with their items into
 * order_history, count them for today, end the session, acknowledge the table's open staff
 * calls, write table_session.ended. An order
 * racing this either committed before (archived here) or waits and opens the next session.
 */
@Injectable()
export class EndSessionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sessions: TableSessionsService,
    private readonly history: OrderHistoryRepository,
    private readonly historyPages: OrderHistoryService,
    private readonly outbox: OutboxWriter,
    private readonly sessionCache: SessionCacheService,
    private readonly staffCalls: StaffCallsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async end(storeId: string, tableId: number): Promise<TableSessionEndedData> {
    const ended = await this.dataSource.transaction(async (manager) => {
      const table = await this.sessions.lockTable(manager, storeId, tableId);
      const session = await this.sessions.requireActive(manager, table);
      const archived = await this.history.archiveSession(manager, session.id);
      const endedAt = await this.sessions.end(manager, session.id);
      if (archived.archived_orders > 0) {
        await this.history.addToDayCount(
          manager,
          tableId,
          archived.archived_orders,
          this.config.storeTimeZone,
        );
      }
      await this.staffCalls.acknowledgeOpenOfTable(manager, storeId, tableId);
      const data: TableSessionEndedData = {
        session_id: session.id,
        table_id: tableId,
        table_number: table.table_number,
        archived_orders: archived.archived_orders,
        total_amount: archived.total_amount,
        ended_at: new Date(endedAt).toISOString(),
      };
      await this.outbox.append(manager, { routingKey: 'table_session.ended', storeId, data });
      return data;
    });
    await Promise.all([
      this.sessionCache.invalidate(ended.session_id),
      this.historyPages.invalidateTable(storeId, tableId),
    ]);
    return ended;
  }
}
