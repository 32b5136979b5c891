import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ActiveOrdersReader } from './active-orders.port';

/** Interim snapshot source until the orders module exports OrderQueriesService (replaced at rebase). */
@Injectable()
export class InterimActiveOrdersReader implements ActiveOrdersReader {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  listActiveForStore(storeId: string): Promise<readonly unknown[]> {
    return this.dataSource.query(
      `SELECT o.id, o.order_number, o.status, o.total_amount, o.table_id, o.table_session_id, o.created_at
       FROM orders o JOIN table_sessions s ON s.id = o.table_session_id AND s.is_active
       WHERE o.store_id = $1 ORDER BY o.created_at DESC`,
      [storeId],
    );
  }
}
