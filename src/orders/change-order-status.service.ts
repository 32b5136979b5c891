import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppException } from '../common/errors/app.exception';
import { ErrorCode } from '../common/errors/error-code';
import { OutboxWriter } from '../outbox/outbox-writer.service';
import { AdminOrderResponseDto } from './dto/order-response.dto';
import { OrderStatus } from './entities/order-status';
import { orderReference, OrderStatusChangedData } from './order-events';
import { canTransition } from './order-status.rules';
import { OrderRow, OrdersRepository } from './orders.repository';
import { SessionCacheService } from './session-cache.service';

/**
 * PATCH /api/admin/orders/:id/status. The order row is locked before the transition is
 * checked, so two admins changing one order run one after the other and the second is judged
 * against the first one's result.
 */
@Injectable()
export class ChangeOrderStatusService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly orders: OrdersRepository,
    private readonly outbox: OutboxWriter,
    private readonly sessionCache: SessionCacheService,
  ) {}

  async change(storeId: string, orderId: number, to: OrderStatus): Promise<AdminOrderResponseDto> {
    const changed = await this.dataSource.transaction(async (manager) => {
      const current = await this.orders.lockForStatusChange(manager, storeId, orderId);
      if (!current) throw AppException.notFound('Order');
      if (!canTransition(current.status, to)) {
        throw new AppException(
          ErrorCode.INVALID_STATUS_TRANSITION,
          `An order cannot go from ${current.status} to ${to}`,
          [
            {
              field: 'status',
              message: `${current.status} → ${to} is not allowed`,
              from: current.status,
              to,
            },
          ],
        );
      }
      await this.orders.updateStatus(manager, orderId, to);
      const order = (await this.orders.findForStore(storeId, orderId, manager)) as OrderRow;
      const response = AdminOrderResponseDto.from(order);
      await this.outbox.append<OrderStatusChangedData>(manager, {
        routingKey: 'order.status_changed',
        storeId,
        data: {
          ...orderReference(order),
          old_status: current.status,
          new_status: to,
          order: response,
        },
      });
      return response;
    });
    await this.sessionCache.invalidate(changed.table_session_id);
    return changed;
  }
}
