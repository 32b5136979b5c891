import { EventPayload, RoutingKey } from '../outbox/event-types';
import { storeAudience, tableAudience } from './stream-audience';

const event = (type: RoutingKey, data: object): EventPayload =>
  ({ event_id: 'e', type, occurred_at: '', store_id: 's', data }) as EventPayload;

describe('stream audiences', () => {
  const table7 = tableAudience(7);

  it.each([
    ['order.created', { id: 1, table_id: 7 }, 'event'],
    ['order.created', { id: 1, table_id: 8 }, false],
    ['order.status_changed', { order_id: 1, table_id: 7 }, 'event'],
    ['order.deleted', { order_id: 1, table_id: 8 }, false],
    ['table_session.ended', { session_id: 1, table_id: 7 }, 'event'],
    ['staff_call.acknowledged', { id: 1, table_id: 7 }, 'event'],
    ['staff_call.acknowledged', { id: 1, table_id: 8 }, false],
    ['staff_call.created', { id: 1, table_id: 7 }, false],
    ['menu.changed', { entity: 'menu_item', ids: [1] }, 'event'],
    ['table_session.moved', { from_table_id: 7, to_table_id: 9 }, 'snapshot'],
    ['table_session.merged', { from_table_id: 9, to_table_id: 7 }, 'snapshot'],
    ['table_session.moved', { from_table_id: 8, to_table_id: 9 }, false],
    ['order.created', { id: 1, table_id: '7' }, false],
  ] as [RoutingKey, object, unknown][])('routes %s %j to table 7 as %s', (type, data, route) => {
    expect(table7(event(type, data))).toBe(route);
  });

  it('sends the admin every event of the store', () => {
    expect(storeAudience(event('staff_call.created', { table_id: 1 }))).toBe('event');
  });
});
