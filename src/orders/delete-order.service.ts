import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CacheService } from '../common/cache/cache.service';
import { AppException } from '../common/errors/app.exception';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { OutboxWriter } from '../outbox/outbox-writer.service';
import { dailyReportKey } from '../reports/daily-report-cache';
import { storeDayOf } from '../reports/store-day';
import { OrderDeletedData, orderReference } from './order-events';
import { OrdersRepository } from './orders.repository';
import { SessionCacheService } from './session-cache.service';

/**
 * DELETE /api/admin/orders/:id: an admin's correction. Live orders all belong to active
 * sessions, so the session total (a sum over its orders) follows at once, and so does the
 * sales summary of the order's day (a session open across midnight holds yesterday's orders,
 * whose cached summary is dropped).
 */
@Injectable()
export class DeleteOrderService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly orders: OrdersRepository,
    private readonly outbox: OutboxWriter,
    private readonly sessionCache: SessionCacheService,
    private readonly cache: CacheService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async delete(storeId: string, orderId: number): Promise<void> {
    const deleted = await this.dataSource.transaction(async (manager) => {
      const order = await this.orders.deleteForStore(manager, storeId, orderId);
      if (!order) throw AppException.notFound('Order');
      await this.outbox.append<OrderDeletedData>(manager, {
        routingKey: 'order.deleted',
        storeId,
        data: {
          ...orderReference(order),
          table_session_id: order.table_session_id,
        },
      });
      return order;
    });
    const day = storeDayOf(new Date(deleted.created_at), this.config.storeTimeZone);
    await Promise.all([
      this.sessionCache.invalidate(deleted.table_session_id),
      this.cache.invalidate(dailyReportKey(storeId, day)),
    ]);
  }
}
