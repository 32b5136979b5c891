import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OutboxModule } from '../outbox/outbox.module';
import { StaffCallsModule } from '../staff-calls/staff-calls.module';
import { TablesModule } from '../tables/tables.module';
import { AdminOrdersController } from './admin-orders.controller';
import { AdminTableOrdersController } from './admin-table-orders.controller';
import { AdminTableSessionsController } from './admin-table-sessions.controller';
import { ChangeOrderStatusService } from './change-order-status.service';
import { DeleteOrderService } from './delete-order.service';
import { EndSessionService } from './end-session.service';
import { OrderHistoryDayCountEntity } from './entities/order-history-day-count.entity';
import { OrderHistoryEntity } from './entities/order-history.entity';
import { OrderItemEntity } from './entities/order-item.entity';
import { OrderNumberCounterEntity } from './entities/order-number-counter.entity';
import { OrderEntity } from './entities/order.entity';
import { OrderHistoryRepository } from './order-history.repository';
import { OrderHistoryService } from './order-history.service';
import { OrderMenusRepository } from './order-menus.repository';
import { OrderQueriesService } from './order-queries.service';
import { OrdersRepository } from './orders.repository';
import { PlaceOrderService } from './place-order.service';
import { SessionCacheService } from './session-cache.service';
import { TableOrdersController } from './table-orders.controller';
import { TableTransferService } from './table-transfer.service';

/** Orders and their history: placing, reading, moving forward, deleting, closing a table. */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      OrderEntity,
      OrderItemEntity,
      OrderNumberCounterEntity,
      OrderHistoryEntity,
      OrderHistoryDayCountEntity,
    ]),
    OutboxModule,
    TablesModule,
    StaffCallsModule,
  ],
  controllers: [
    TableOrdersController,
    AdminOrdersController,
    AdminTableSessionsController,
    AdminTableOrdersController,
  ],
  providers: [
    OrdersRepository,
    OrderMenusRepository,
    OrderHistoryRepository,
    SessionCacheService,
    OrderQueriesService,
    PlaceOrderService,
    ChangeOrderStatusService,
    DeleteOrderService,
    OrderHistoryService,
    EndSessionService,
    TableTransferService,
  ],
  exports: [OrderQueriesService],
})
export class OrdersModule {}
