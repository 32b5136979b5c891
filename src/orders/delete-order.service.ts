import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppException } from '../common/errors/app.exception';
import { OutboxWriter } from '../events/outbox.writer';
import { OrderDeletedData, orderReference } from './order-events';
import { OrdersRepository } from './orders.repository';
import { SessionCacheService } from './session-cache.service';

/**
 * DELETE /api/admin/orders/:id: an admin's correction. Live orders all belong to active
 * sessions, so the session total (a sum over its orders) follows at once.
 */
@Injectable()
export class DeleteOrderService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly orders: OrdersRepository,
    private readonly outbox: OutboxWriter,
    private readonly sessionCache: SessionCacheService,
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
    await this.sessionCache.invalidate(deleted.table_session_id);
  }
}
