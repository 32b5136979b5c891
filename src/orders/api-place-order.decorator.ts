import { applyDecorators, Type } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { headerRefs } from '../common/http/response-headers';
import { PlacedOrder } from './place-order.service';

/** OpenAPI of the two routes that place an order: the tablet's and the staff's for a table. */
export const ApiPlaceOrder = ({
  operationId,
  summary,
  response,
}: {
  operationId: string;
  summary: string;
  response: Type<unknown>;
}): MethodDecorator =>
  applyDecorators(
    ApiOperation({ operationId, summary }),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Up to 64 visible ASCII characters, unique per table. A retry with the same key and ' +
        'order returns the first order with 200 and `Idempotent-Replayed: true`; another order ' +
        'under the key: 422 IDEMPOTENCY_KEY_REUSED.',
      example: 'b7e4c2a0-5d1f-4e8b-9a3c-6f2e1d0c9b8a',
    }),
    ApiCreatedResponse({ type: response, description: 'The new order' }),
    ApiOkResponse({
      type: response,
      description: 'Replay of the order first placed with the key',
      headers: headerRefs('Idempotent-Replayed'),
    }),
    ApiUnprocessableEntityResponse({
      description:
        'MENU_NOT_AVAILABLE (details name the menu ids), INVALID_OPTIONS (details name the line, ' +
        'the group and the rule: min_select, max_select, repeated_option, foreign_option, ' +
        'unavailable_option, unit_price_range) or IDEMPOTENCY_KEY_REUSED',
    }),
  );

/** A replayed order answers 200 with `Idempotent-Replayed: true` instead of 201. */
export function markReplay(reply: FastifyReply, placed: PlacedOrder): void {
  if (placed.replayed) reply.status(200).header('idempotent-replayed', 'true');
}
