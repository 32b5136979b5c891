import type { Type } from '@nestjs/common';
import type { StreamEvent } from '../common/http/api-event-stream.decorator';
import { MenuChangedData } from '../menu/menu-writes.service';
import { AdminOrderResponseDto } from '../orders/dto/order-response.dto';
import {
  OrderDeletedData,
  OrderStatusChangedData,
  TableSessionEndedData,
  TableSessionMergedData,
  TableSessionTransferredData,
} from '../orders/order-events';
import type { RoutingKey } from '../outbox/event-types';
import { StaffCallResponseDto } from '../staff-calls/dto/staff-call.dto';

/** The class `data` of each broker event follows, whichever stream carries it. */
const EVENT_DATA: Record<RoutingKey, Type> = {
  'order.created': AdminOrderResponseDto,
  'order.status_changed': OrderStatusChangedData,
  'order.deleted': OrderDeletedData,
  'table_session.ended': TableSessionEndedData,
  'table_session.moved': TableSessionTransferredData,
  'table_session.merged': TableSessionMergedData,
  'staff_call.created': StaffCallResponseDto,
  'staff_call.acknowledged': StaffCallResponseDto,
  'menu.changed': MenuChangedData,
};

/**
 * The events of one stream for its OpenAPI entry: the snapshot frame first (the class alone, no
 * id), then the broker events the stream forwards, in the envelope, in the order given and
 * described for that stream's audience.
 */
export function streamEvents(
  snapshot: { data: Type; description: string },
  forwarded: Partial<Record<RoutingKey, string>>,
): StreamEvent[] {
  return [
    { name: 'snapshot', data: snapshot.data, enveloped: false, description: snapshot.description },
    ...(Object.entries(forwarded) as [RoutingKey, string][]).map(([name, description]) => ({
      name,
      data: EVENT_DATA[name],
      enveloped: true,
      description,
    })),
  ];
}
