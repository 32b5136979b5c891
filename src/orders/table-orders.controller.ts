import { Body, Controller, Get, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentTable } from '../auth/decorators/current-principal.decorator';
import { Roles } from '../auth/decorators/roles.decorator';
import { TablePrincipal } from '../common/http/principal';
import { CreateOrderDto } from './dto/create-order.dto';
import { IDEMPOTENCY_KEY_HEADER, parseIdempotencyKey } from './dto/idempotency-key';
import { OrderResponseDto } from './dto/order-response.dto';
import { ApiPlaceOrder, markReplay } from './api-place-order.decorator';
import { OrderingTable, PlaceOrderService } from './place-order.service';
import { OrderQueriesService } from './order-queries.service';

function orderingTable(table: TablePrincipal): OrderingTable {
  return { storeId: table.store_id, tableId: table.table_id };
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
  @ApiPlaceOrder({
    operationId: 'placeOrder',
    summary: 'Place an order from the tablet (opens the table session on its first order)',
    response: OrderResponseDto,
  })
  async place(
    @CurrentTable() table: TablePrincipal,
    @Body() body: CreateOrderDto,
    @Headers(IDEMPOTENCY_KEY_HEADER) idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OrderResponseDto> {
    const key = parseIdempotencyKey(idempotencyKey);
    const placed = await this.placeOrder.place(orderingTable(table), body, {
      placedBy: 'table',
      idempotencyKey: key,
    });
    markReplay(reply, placed);
    return OrderResponseDto.from(placed.order);
  }

  @Get()
  @ApiOperation({
    operationId: 'listSessionOrders',
    summary: "The table's current session orders, newest first",
  })
  @ApiOkResponse({ type: OrderResponseDto, isArray: true })
  list(@CurrentTable() table: TablePrincipal): Promise<OrderResponseDto[]> {
    const { storeId, tableId } = orderingTable(table);
    return this.queries.listForTable(storeId, tableId);
  }
}
