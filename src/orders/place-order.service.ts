import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppException } from '../common/errors/app.exception';
import { ErrorCode } from '../common/errors/error-code';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { isUniqueViolation } from '../database/postgres-error';
import { OutboxWriter } from '../events/outbox.writer';
import { TableSessionsService } from '../tables/table-sessions.service';
import { OrderItemInputDto } from './dto/create-order.dto';
import { AdminOrderResponseDto } from './dto/order-response.dto';
import { OrderCreatedData } from './order-events';
import { OrderMenusRepository } from './order-menus.repository';
import { formatOrderNumber } from './order-number';
import { OrderItemRow, OrderRow, OrdersRepository } from './orders.repository';
import { SessionCacheService } from './session-cache.service';

export interface OrderingTable {
  storeId: string;
  tableId: number;
}

export interface PlacedOrder {
  order: OrderRow;
  /** true when the Idempotency-Key matched an earlier order, which is returned instead. */
  replayed: boolean;
}

const IDEMPOTENCY_INDEX = 'uq_orders_table_idempotency';

/**
 * POST /api/orders. One transaction: lock the table row (serializes this table's orders with
 * its end-session), replay an earlier order with the same Idempotency-Key, load the menus in
 * one query, open the session if none is active, take the next order number, insert the order
 * with its items, write order.created to the outbox.
 */
@Injectable()
export class PlaceOrderService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sessions: TableSessionsService,
    private readonly orders: OrdersRepository,
    private readonly menus: OrderMenusRepository,
    private readonly outbox: OutboxWriter,
    private readonly sessionCache: SessionCacheService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async place(
    table: OrderingTable,
    items: OrderItemInputDto[],
    idempotencyKey?: string,
  ): Promise<PlacedOrder> {
    let placed: PlacedOrder;
    try {
      placed = await this.dataSource.transaction((manager) =>
        this.placeWithTableLocked(manager, table, items, idempotencyKey ?? null),
      );
    } catch (error) {
      // The table lock makes a duplicate wait and then find the first order; the unique index
      // is the guarantee should any writer skip the lock: read the winner after the rollback.
      if (!idempotencyKey || !isUniqueViolation(error, IDEMPOTENCY_INDEX)) throw error;
      const first = await this.orders.findByIdempotencyKey(
        this.dataSource.manager,
        table.tableId,
        idempotencyKey,
      );
      if (!first) throw error;
      return { order: assertSameItems(first, items), replayed: true };
    }
    if (!placed.replayed) await this.sessionCache.invalidate(placed.order.table_session_id);
    return placed;
  }

  private async placeWithTableLocked(
    manager: EntityManager,
    { storeId, tableId }: OrderingTable,
    items: OrderItemInputDto[],
    idempotencyKey: string | null,
  ): Promise<PlacedOrder> {
    const table = await this.sessions.lockTable(manager, storeId, tableId);
    if (idempotencyKey) {
      const first = await this.orders.findByIdempotencyKey(manager, tableId, idempotencyKey);
      if (first) return { order: assertSameItems(first, items), replayed: true };
    }
    const lines = await this.snapshotLines(manager, storeId, items);
    const session = await this.sessions.ensureActive(manager, storeId, tableId);
    const { businessDay, sequence } = await this.orders.nextOrderNumber(
      manager,
      storeId,
      this.config.storeTimeZone,
    );
    const orderNumber = formatOrderNumber(businessDay, sequence);
    const totalAmount = lines.reduce((sum, line) => sum + line.unit_price * line.quantity, 0);
    const inserted = await this.orders.insertWithItems(manager, {
      storeId,
      tableId,
      sessionId: session.id,
      orderNumber,
      totalAmount,
      idempotencyKey,
      items: lines,
    });
    const order: OrderRow = {
      ...inserted,
      order_number: orderNumber,
      total_amount: totalAmount,
      table_id: tableId,
      table_number: table.table_number,
      table_session_id: session.id,
      items: lines,
    };
    await this.outbox.append<OrderCreatedData>(manager, {
      routingKey: 'order.created',
      storeId,
      data: AdminOrderResponseDto.from(order),
    });
    return { order, replayed: false };
  }

  /** Name and price of every requested menu as of now; 422 naming the ones that cannot be ordered. */
  private async snapshotLines(
    manager: EntityManager,
    storeId: string,
    items: OrderItemInputDto[],
  ): Promise<OrderItemRow[]> {
    const menus = await this.menus.findOrderable(
      manager,
      storeId,
      items.map((item) => item.menu_id),
    );
    const byId = new Map(menus.map((menu) => [menu.id, menu]));
    const unavailable = items
      .map((item, index) => ({ index, menuId: item.menu_id }))
      .filter(({ menuId }) => !byId.has(menuId));
    if (unavailable.length > 0) {
      throw new AppException(
        ErrorCode.MENU_NOT_AVAILABLE,
        `Menu items not available: ${unavailable.map(({ menuId }) => menuId).join(', ')}`,
        unavailable.map(({ index, menuId }) => ({
          field: `items.${index}.menu_id`,
          menu_id: menuId,
          message: `menu ${menuId} does not exist in this store, is sold out or was removed`,
        })),
      );
    }
    return items.map((item) => {
      const menu = byId.get(item.menu_id)!;
      return {
        menu_id: menu.id,
        menu_name: menu.name,
        unit_price: menu.price,
        quantity: item.quantity,
      };
    });
  }
}

/** A key replays only the order it was first sent with; another body under it is refused. */
function assertSameItems(first: OrderRow, items: OrderItemInputDto[]): OrderRow {
  const signature = (lines: { menu_id: number; quantity: number }[]) =>
    lines
      .map((line) => `${line.menu_id}x${line.quantity}`)
      .sort()
      .join(',');
  if (signature(first.items) !== signature(items)) {
    throw new AppException(
      ErrorCode.IDEMPOTENCY_KEY_REUSED,
      'This Idempotency-Key was already used for a different order',
      [{ field: 'Idempotency-Key', message: `already used by order ${first.order_number}` }],
    );
  }
  return first;
}
