import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppException } from '../common/errors/app.exception';
import { ErrorCode } from '../common/errors/error-code';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { isUniqueViolation } from '../common/errors/postgres-error';
import { OutboxWriter } from '../outbox/outbox-writer.service';
import { TableSessionsService } from '../tables/table-sessions.service';
import { CreateOrderDto, OrderItemInputDto } from './dto/create-order.dto';
import { AdminOrderResponseDto } from './dto/order-response.dto';
import { PlacedBy } from './entities/order-status';
import { OrderCreatedData } from './order-events';
import { OrderableOptionGroup, OrderMenusRepository } from './order-menus.repository';
import { formatOrderNumber } from './order-number';
import { OptionProblem, priceLine } from './order-options.rules';
import { OrderItemRow, OrderRow, OrdersRepository } from './orders.repository';
import { SessionCacheService } from './session-cache.service';

export interface OrderingTable {
  storeId: string;
  tableId: number;
}

/** What is ordered: the body of POST /api/orders (and of staff orders for a table). */
export type OrderInput = Pick<CreateOrderDto, 'items' | 'note'>;

export interface PlaceOrderOptions {
  /** `table` from the tablet, `staff` when an admin orders for the table. */
  placedBy: PlacedBy;
  idempotencyKey?: string;
}

export interface PlacedOrder {
  order: OrderRow;
  /** true when the Idempotency-Key matched an earlier order, which is returned instead. */
  replayed: boolean;
}

const IDEMPOTENCY_INDEX = 'uq_orders_table_idempotency';

/**
 * Places an order for a table (POST /api/orders; staff ordering for a table reuses it with
 * `placedBy: 'staff'`). One transaction: lock the table row (serializes this table's orders with
 * its end-session), replay an earlier order with the same Idempotency-Key, load the menus and
 * their options in one query each, price every line on the server, open the session if none is
 * active, take the next order number, insert the order with its items, write order.created to
 * the outbox.
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
    input: OrderInput,
    { placedBy, idempotencyKey }: PlaceOrderOptions,
  ): Promise<PlacedOrder> {
    let placed: PlacedOrder;
    try {
      placed = await this.dataSource.transaction((manager) =>
        this.placeWithTableLocked(manager, table, input, placedBy, idempotencyKey ?? null),
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
      return { order: assertSameOrder(first, input), replayed: true };
    }
    if (!placed.replayed) await this.sessionCache.invalidate(placed.order.table_session_id);
    return placed;
  }

  private async placeWithTableLocked(
    manager: EntityManager,
    { storeId, tableId }: OrderingTable,
    input: OrderInput,
    placedBy: PlacedBy,
    idempotencyKey: string | null,
  ): Promise<PlacedOrder> {
    const table = await this.sessions.lockTable(manager, storeId, tableId);
    if (idempotencyKey) {
      const first = await this.orders.findByIdempotencyKey(manager, tableId, idempotencyKey);
      if (first) return { order: assertSameOrder(first, input), replayed: true };
    }
    const lines = await this.snapshotLines(manager, storeId, input.items);
    const note = input.note ?? null;
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
      note,
      placedBy,
      items: lines,
    });
    const order: OrderRow = {
      ...inserted,
      order_number: orderNumber,
      total_amount: totalAmount,
      table_id: tableId,
      table_number: table.table_number,
      table_session_id: session.id,
      note,
      placed_by: placedBy,
      items: lines,
    };
    await this.outbox.append<OrderCreatedData>(manager, {
      routingKey: 'order.created',
      storeId,
      data: AdminOrderResponseDto.from(order),
    });
    return { order, replayed: false };
  }

  /**
   * Name, price and chosen options of every line as of now: 422 MENU_NOT_AVAILABLE naming the
   * menus that cannot be ordered, else 422 INVALID_OPTIONS naming each line, group and rule.
   */
  private async snapshotLines(
    manager: EntityManager,
    storeId: string,
    items: OrderItemInputDto[],
  ): Promise<OrderItemRow[]> {
    const menuIds = [...new Set(items.map((item) => item.menu_id))];
    const menus = await this.menus.findOrderable(manager, storeId, menuIds);
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
    const groupsByMenu = new Map<number, OrderableOptionGroup[]>();
    for (const group of await this.menus.findOptionGroups(manager, storeId, menuIds)) {
      groupsByMenu.set(group.menu_id, [...(groupsByMenu.get(group.menu_id) ?? []), group]);
    }
    const problems: OptionProblem[] = [];
    const lines: OrderItemRow[] = [];
    for (const [index, item] of items.entries()) {
      const menu = byId.get(item.menu_id)!;
      const priced = priceLine(
        index,
        { menu_id: menu.id, price: menu.price, option_ids: item.option_ids ?? [] },
        groupsByMenu.get(menu.id) ?? [],
      );
      if (!priced.ok) {
        problems.push(...priced.problems);
        continue;
      }
      lines.push({
        menu_id: menu.id,
        menu_name: menu.name,
        unit_price: priced.unit_price,
        quantity: item.quantity,
        options: priced.options,
        note: item.note ?? null,
      });
    }
    if (problems.length > 0) {
      throw new AppException(
        ErrorCode.INVALID_OPTIONS,
        `The options of ${[...new Set(problems.map((problem) => `line ${problem.line}`))].join(', ')} are not valid`,
        problems,
      );
    }
    return lines;
  }
}

/** A key replays only the order it was first sent with; another body under it is refused. */
function assertSameOrder(first: OrderRow, input: OrderInput): OrderRow {
  const signature = (
    lines: { menu_id: number; quantity: number; note?: string | null }[],
    optionIds: (line: number) => number[],
  ) =>
    lines
      .map((line, index) =>
        JSON.stringify([line.menu_id, line.quantity, optionIds(index).sort(), line.note ?? null]),
      )
      .sort()
      .join(',');
  const sent = signature(input.items, (line) => [...(input.items[line].option_ids ?? [])]);
  const stored = signature(first.items, (line) =>
    (first.items[line].options ?? []).map((option) => option.id),
  );
  if (sent !== stored || (input.note ?? null) !== (first.note ?? null)) {
    throw new AppException(
      ErrorCode.IDEMPOTENCY_KEY_REUSED,
      'This Idempotency-Key was already used for a different order',
      [{ field: 'Idempotency-Key', message: `already used by order ${first.order_number}` }],
    );
  }
  return first;
}
