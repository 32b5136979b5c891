import { UserEntity } from '../auth/entities/user.entity';
import { OutboxEventEntity } from '../events/entities/outbox-event.entity';
import { MenuCategoryEntity } from '../menu/entities/menu-category.entity';
import { MenuOptionGroupEntity } from '../menu/entities/menu-option-group.entity';
import { MenuOptionEntity } from '../menu/entities/menu-option.entity';
import { MenuEntity } from '../menu/entities/menu.entity';
import { OrderHistoryDayCountEntity } from '../orders/entities/order-history-day-count.entity';
import { OrderHistoryEntity } from '../orders/entities/order-history.entity';
import { OrderItemEntity } from '../orders/entities/order-item.entity';
import { OrderNumberCounterEntity } from '../orders/entities/order-number-counter.entity';
import { OrderEntity } from '../orders/entities/order.entity';
import { StaffCallEntity } from '../staff-calls/entities/staff-call.entity';
import { StoreEntity } from '../stores/entities/store.entity';
import { TableSessionEntity } from '../tables/entities/table-session.entity';
import { TableEntity } from '../tables/entities/table.entity';

export const ENTITIES = [
  StoreEntity,
  UserEntity,
  TableEntity,
  TableSessionEntity,
  MenuCategoryEntity,
  MenuEntity,
  MenuOptionGroupEntity,
  MenuOptionEntity,
  OrderEntity,
  OrderItemEntity,
  OrderNumberCounterEntity,
  OrderHistoryEntity,
  OrderHistoryDayCountEntity,
  OutboxEventEntity,
  StaffCallEntity,
];
