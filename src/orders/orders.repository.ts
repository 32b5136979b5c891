import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { OrderedOption } from './entities/order-item.entity';
import { OrderStatus, PlacedBy } from './entities/order-status';

export interface OrderItemRow {
  menu_id: number;
  menu_name: string;
  unit_price: number;
  quantity: number;
  /** Absent in history rows archived before options existed. */
  options?: OrderedOption[];
  note?: string | null;
}

/** An order with its items and table, as every read of this module returns it. */
export interface OrderRow {
  id: number;
  order_number: string;
  status: OrderStatus;
  total_amount: number;
  table_id: number;
  table_number: number;
  table_session_id: number;
  note: string | null;
  placed_by: PlacedBy;
  created_at: Date;
  updated_at: Date;
  items: OrderItemRow[];
}

export interface NewOrder {
  storeId: string;
  tableId: number;
  sessionId: number;
  orderNumber: string;
  totalAmount: number;
  idempotencyKey: string | null;
  note: string | null;
  placedBy: PlacedBy;
  items: OrderItemRow[];
}

export interface DeletedOrder {
  id: number;
  order_number: string;
  table_id: number;
  table_number: number;
  table_session_id: number;
  created_at: Date;
}

export interface AdminOrderFilters {
  tableId?: number;
  status?: OrderStatus;
}

/** How long after its session ended an order can still be replayed by its Idempotency-Key. */
export const ARCHIVED_REPLAY_WINDOW = '24 hours';

const ITEMS_JSON = `
  (SELECT json_agg(json_build_object('menu_id', i.menu_id, 'menu_name', i.menu_name,
                                     'unit_price', i.unit_price, 'quantity', i.quantity,
                                     'options', i.options, 'note', i.note) ORDER BY i.id)
   FROM order_items i WHERE i.order_id = o.id) AS items`;

const ORDER_SELECT = `
  SELECT o.id, o.order_number, o.status, o.total_amount, o.table_id, t.table_number,
         o.table_session_id, o.note, o.placed_by, o.created_at, o.updated_at, ${ITEMS_JSON}
  FROM orders o JOIN tables t ON t.id = o.table_id`;

@Injectable()
export class OrdersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Orders of the store's active sessions, newest first (every live order is in one). */
  listForStore(storeId: string, filters: AdminOrderFilters = {}): Promise<OrderRow[]> {
    const params: unknown[] = [storeId];
    const bind = (value: unknown) => `$${params.push(value)}`;
    let where = 'o.store_id = $1';
    if (filters.tableId !== undefined) where += ` AND o.table_id = ${bind(filters.tableId)}`;
    if (filters.status !== undefined) where += ` AND o.status = ${bind(filters.status)}`;
    return this.dataSource.query(
      `/* query:orders.listForStore */ ${ORDER_SELECT}
       WHERE ${where} ORDER BY o.created_at DESC, o.id DESC`,
      params,
    );
  }

  listForSession(sessionId: number): Promise<OrderRow[]> {
    return this.dataSource.query(
      `/* query:orders.listForSession */ ${ORDER_SELECT}
       WHERE o.table_session_id = $1 ORDER BY o.created_at DESC, o.id DESC`,
      [sessionId],
    );
  }

  async findForStore(
    storeId: string,
    orderId: number,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<OrderRow | null> {
    const rows = await manager.query(
      `/* query:orders.findForStore */ ${ORDER_SELECT} WHERE o.id = $1 AND o.store_id = $2`,
      [orderId, storeId],
    );
    return rows[0] ?? null;
  }

  /** The live order, or one archived in the last 24 h, that this table placed with the key. */
  async findByIdempotencyKey(
    manager: EntityManager,
    tableId: number,
    key: string,
  ): Promise<OrderRow | null> {
    const rows = await manager.query(
      `/* query:orders.findByIdempotencyKey */
       ${ORDER_SELECT} WHERE o.table_id = $1 AND o.idempotency_key = $2
       UNION ALL
       SELECT h.order_id, h.order_number, h.status, h.total_amount, h.table_id, t.table_number,
              h.table_session_id, h.note, h.placed_by, h.ordered_at, h.archived_at, h.items::json
       FROM order_history h JOIN tables t ON t.id = h.table_id
       WHERE h.table_id = $1 AND h.idempotency_key = $2
         AND h.archived_at > now() - interval '${ARCHIVED_REPLAY_WINDOW}'
       LIMIT 1`,
      [tableId, key],
    );
    return rows[0] ?? null;
  }

  /** Next `YYYYMMDD-NNNN` parts for the store's business day; locks the counter row until commit. */
  async nextOrderNumber(
    manager: EntityManager,
    storeId: string,
    timeZone: string,
  ): Promise<{ businessDay: string; sequence: number }> {
    const [row] = await manager.query(
      `/* query:orders.nextOrderNumber */
       INSERT INTO order_number_counters (store_id, business_date, last_value)
       VALUES ($1, (now() AT TIME ZONE $2)::date, 1)
       ON CONFLICT (store_id, business_date)
       DO UPDATE SET last_value = order_number_counters.last_value + 1
       RETURNING to_char(business_date, 'YYYYMMDD') AS business_day, last_value`,
      [storeId, timeZone],
    );
    return { businessDay: row.business_day, sequence: row.last_value };
  }

  /** Inserts the order and its items in one statement. */
  async insertWithItems(
    manager: EntityManager,
    order: NewOrder,
  ): Promise<Pick<OrderRow, 'id' | 'status' | 'created_at' | 'updated_at'>> {
    const [row] = await manager.query(
      `/* query:orders.insertWithItems */
       WITH new_order AS (
         INSERT INTO orders (store_id, table_id, table_session_id, order_number, total_amount,
                             idempotency_key, note, placed_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         RETURNING id, status, created_at, updated_at
       ), new_items AS (
         INSERT INTO order_items (order_id, menu_id, menu_name, unit_price, quantity, options, note)
         SELECT new_order.id, line.menu_id, line.menu_name, line.unit_price, line.quantity,
                line.options, line.note
         FROM new_order,
              unnest($9::int[], $10::varchar[], $11::int[], $12::int[], $13::jsonb[], $14::varchar[])
                WITH ORDINALITY AS line(menu_id, menu_name, unit_price, quantity, options, note, position)
         ORDER BY line.position
       )
       SELECT id, status, created_at, updated_at FROM new_order`,
      [
        order.storeId,
        order.tableId,
        order.sessionId,
        order.orderNumber,
        order.totalAmount,
        order.idempotencyKey,
        order.note,
        order.placedBy,
        order.items.map((item) => item.menu_id),
        order.items.map((item) => item.menu_name),
        order.items.map((item) => item.unit_price),
        order.items.map((item) => item.quantity),
        order.items.map((item) => JSON.stringify(item.options ?? [])),
        order.items.map((item) => item.note ?? null),
      ],
    );
    return row;
  }

  /**
   * Moves the session's orders to another table (table_id follows the session). When the
   * orders join the target's session (a merge), an Idempotency-Key the target table already
   * used is dropped from the joining order, as the key is unique per table.
   */
  async moveSessionOrders(
    manager: EntityManager,
    fromSessionId: number,
    to: { tableId: number; sessionId: number },
  ): Promise<void> {
    await manager.query(
      `/* query:orders.moveSessionOrders */
       UPDATE orders o SET table_id = $2, table_session_id = $3, updated_at = now(),
         idempotency_key = CASE WHEN EXISTS (
           SELECT 1 FROM orders taken WHERE taken.table_id = $2 AND taken.idempotency_key = o.idempotency_key
         ) THEN NULL ELSE o.idempotency_key END
       WHERE o.table_session_id = $1`,
      [fromSessionId, to.tableId, to.sessionId],
    );
  }

  /** Locks the order row for a status change; null when the store has no such order. */
  async lockForStatusChange(
    manager: EntityManager,
    storeId: string,
    orderId: number,
  ): Promise<{ id: number; status: OrderStatus } | null> {
    const rows = await manager.query(
      `/* query:orders.lockForStatusChange */
       SELECT id, status FROM orders WHERE id = $1 AND store_id = $2 FOR NO KEY UPDATE`,
      [orderId, storeId],
    );
    return rows[0] ?? null;
  }

  async updateStatus(manager: EntityManager, orderId: number, status: OrderStatus): Promise<void> {
    await manager.query(
      `/* query:orders.updateStatus */
       UPDATE orders SET status = $2, updated_at = now() WHERE id = $1`,
      [orderId, status],
    );
  }

  /** Deletes the order (its items cascade); null when the store has no such order. */
  async deleteForStore(
    manager: EntityManager,
    storeId: string,
    orderId: number,
  ): Promise<DeletedOrder | null> {
    const rows = await manager.query(
      `/* query:orders.deleteForStore */
       WITH gone AS (
         DELETE FROM orders WHERE id = $1 AND store_id = $2
         RETURNING id, order_number, table_id, table_session_id, created_at
       )
       SELECT gone.id, gone.order_number, gone.table_id, t.table_number, gone.table_session_id,
              gone.created_at
       FROM gone JOIN tables t ON t.id = gone.table_id`,
      [orderId, storeId],
    );
    return rows[0] ?? null;
  }
}
