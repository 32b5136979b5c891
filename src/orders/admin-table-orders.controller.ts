import { Body, Controller, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { StoreId } from '../auth/decorators/current-principal.decorator';
import { Roles } from '../auth/decorators/roles.decorator';
import { ParseIdPipe } from '../common/http/parse-id.pipe';
import { CreateOrderDto } from './dto/create-order.dto';
import { IDEMPOTENCY_KEY_HEADER, parseIdempotencyKey } from './dto/idempotency-key';
import { AdminOrderResponseDto } from './dto/order-response.dto';
import { ApiPlaceOrder, markReplay } from './api-place-order.decorator';
import { PlaceOrderService } from './place-order.service';

/** Staff ring up an order for a table: the tablet's use case, rules and session handling. */
@ApiTags('orders')
@ApiBearerAuth('bearer')
@Roles('store_admin')
@Controller('api/admin/tables')
export class AdminTableOrdersController {
  constructor(private readonly placeOrder: PlaceOrderService) {}

  @Post(':id/orders')
  @HttpCode(201)
  @ApiPlaceOrder({
    operationId: 'placeStaffOrder',
    summary:
      'Place an order for a table as staff (placed_by "staff"; opens the session on its first order)',
    response: AdminOrderResponseDto,
  })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such table in this store' })
  async place(
    @StoreId() storeId: string,
    @Param('id', ParseIdPipe) tableId: number,
    @Body() body: CreateOrderDto,
    @Headers(IDEMPOTENCY_KEY_HEADER) idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AdminOrderResponseDto> {
    const placed = await this.placeOrder.place({ storeId, tableId }, body, {
      placedBy: 'staff',
      idempotencyKey: parseIdempotencyKey(idempotencyKey),
    });
    markReplay(reply, placed);
    return AdminOrderResponseDto.from(placed.order);
  }
}
