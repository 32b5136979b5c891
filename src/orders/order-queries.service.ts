import { Injectable } from '@nestjs/common';
import { AppException } from '../common/errors/app.exception';
import { TableSessionsService } from '../tables/table-sessions.service';
import { AdminOrderResponseDto, OrderResponseDto } from './dto/order-response.dto';
import { AdminOrderFilters, OrdersRepository } from './orders.repository';
import { SessionCacheService } from './session-cache.service';

/** Read side of live orders. Exported: the admin SSE stream's snapshot uses listActiveForStore. */
@Injectable()
export class OrderQueriesService {
  constructor(
    private readonly orders: OrdersRepository,
    private readonly sessions: TableSessionsService,
    private readonly sessionCache: SessionCacheService,
  ) {}

  /** What GET /api/admin/orders answers without filters: every order of the store's active sessions. */
  listActiveForStore(storeId: string): Promise<AdminOrderResponseDto[]> {
    return this.listForAdmin(storeId, {});
  }

  async listForAdmin(
    storeId: string,
    filters: AdminOrderFilters,
  ): Promise<AdminOrderResponseDto[]> {
    return (await this.orders.listForStore(storeId, filters)).map(AdminOrderResponseDto.from);
  }

  async getForAdmin(storeId: string, orderId: number): Promise<AdminOrderResponseDto> {
    const order = await this.orders.findForStore(storeId, orderId);
    if (!order) throw AppException.notFound('Order');
    return AdminOrderResponseDto.from(order);
  }

  /** The table's current session, newest first; empty when no session is active. */
  async listForTable(storeId: string, tableId: number): Promise<OrderResponseDto[]> {
    const sessionId = await this.sessions.activeSessionId(storeId, tableId);
    if (sessionId === null) return [];
    return this.sessionCache.ordersOf(sessionId, async () =>
      (await this.orders.listForSession(sessionId)).map(OrderResponseDto.from),
    );
  }
}
