import { Body, Controller, Get, Headers, HttpCode, Post, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal } from '../auth/decorators/current-principal.decorator';
import { Roles } from '../auth/decorators/roles.decorator';
import { Principal } from '../auth/principal';
import { headerRefs } from '../common/http/response-headers';
import { CreateOrderDto } from './dto/create-order.dto';
import { IDEMPOTENCY_KEY_HEADER, parseIdempotencyKey } from './dto/idempotency-key';
import { OrderResponseDto } from './dto/order-response.dto';
import { OrderingTable, PlaceOrderService } from './place-order.service';
import { OrderQueriesService } from './order-queries.service';

function orderingTable(principal: Principal): OrderingTable {
  return { storeId: principal.store_id as string, tableId: principal.table_id as number };
}

@ApiTags('orders')
@ApiBearerAuth('bearer')
@Roles('table')
@Controller('api/orders')
export class TableOrdersController {
  constructor(
    private readonly placeOrder: PlaceOrderService,
    private readonly queries: OrderQueriesService,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    operationId: 'placeOrder',
    summary: 'Place an order from the tablet (opens the table session on its first order)',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'Up to 64 visible ASCII characters. A retry with the same key and items returns the first ' +
      'order with 200 and `Idempotent-Replayed: true`; other items under the key: 422 IDEMPOTENCY_KEY_REUSED.',
  })
  @ApiCreatedResponse({ type: OrderResponseDto, description: 'The new order' })
  @ApiOkResponse({
    type: OrderResponseDto,
    description: 'Replay of the order first placed with the key',
    headers: headerRefs('Idempotent-Replayed'),
  })
  @ApiUnprocessableEntityResponse({
    description:
      'MENU_NOT_AVAILABLE (details name the menu ids), INVALID_OPTIONS (details name the line, ' +
      'the group and the rule: min_select, max_select, repeated_option, foreign_option, ' +
      'unavailable_option, unit_price_range) or IDEMPOTENCY_KEY_REUSED',
  })
  async place(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateOrderDto,
    @Headers(IDEMPOTENCY_KEY_HEADER) idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OrderResponseDto> {
    const key = parseIdempotencyKey(idempotencyKey);
    const placed = await this.placeOrder.place(orderingTable(principal), body, {
      placedBy: 'table',
      idempotencyKey: key,
    });
    if (placed.replayed) reply.status(200).header('idempotent-replayed', 'true');
    return OrderResponseDto.from(placed.order);
  }

  @Get()
  @ApiOperation({
    operationId: 'listSessionOrders',
    summary: "The table's current session orders, newest first",
  })
  @ApiOkResponse({ type: OrderResponseDto, isArray: true })
  list(@CurrentPrincipal() principal: Principal): Promise<OrderResponseDto[]> {
    const { storeId, tableId } = orderingTable(principal);
    return this.queries.listForTable(storeId, tableId);
  }
}
