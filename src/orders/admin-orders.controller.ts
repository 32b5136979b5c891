import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { StoreId } from '../auth/decorators/current-principal.decorator';
import { Roles } from '../auth/decorators/roles.decorator';
import { ParseIdPipe } from '../common/http/parse-id.pipe';
import { ChangeOrderStatusService } from './change-order-status.service';
import { DeleteOrderService } from './delete-order.service';
import { AdminOrdersQueryDto, UpdateOrderStatusDto } from './dto/order-queries.dto';
import { AdminOrderResponseDto } from './dto/order-response.dto';
import { OrderQueriesService } from './order-queries.service';

@ApiTags('orders')
@ApiBearerAuth('bearer')
@Roles('store_admin')
@Controller('api/admin/orders')
export class AdminOrdersController {
  constructor(
    private readonly queries: OrderQueriesService,
    private readonly changeStatus: ChangeOrderStatusService,
    private readonly deleteOrder: DeleteOrderService,
  ) {}

  @Get()
  @ApiOperation({
    operationId: 'listActiveOrders',
    summary: "Orders of the store's active table sessions, newest first",
  })
  @ApiOkResponse({ type: AdminOrderResponseDto, isArray: true })
  list(
    @StoreId() storeId: string,
    @Query() query: AdminOrdersQueryDto,
  ): Promise<AdminOrderResponseDto[]> {
    return this.queries.listForAdmin(storeId, { tableId: query.table_id, status: query.status });
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getOrder', summary: 'One order' })
  @ApiOkResponse({ type: AdminOrderResponseDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such live order in this store' })
  get(
    @StoreId() storeId: string,
    @Param('id', ParseIdPipe) orderId: number,
  ): Promise<AdminOrderResponseDto> {
    return this.queries.getForAdmin(storeId, orderId);
  }

  @Patch(':id/status')
  @ApiOperation({
    operationId: 'changeOrderStatus',
    summary: 'Move an order forward (pending → preparing → completed)',
  })
  @ApiOkResponse({ type: AdminOrderResponseDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such live order in this store' })
  @ApiConflictResponse({ description: 'INVALID_STATUS_TRANSITION: not a forward move' })
  updateStatus(
    @StoreId() storeId: string,
    @Param('id', ParseIdPipe) orderId: number,
    @Body() body: UpdateOrderStatusDto,
  ): Promise<AdminOrderResponseDto> {
    return this.changeStatus.change(storeId, orderId, body.status);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'deleteOrder',
    summary: 'Delete an order of an active session (correction); the table total follows',
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such live order in this store' })
  async remove(
    @StoreId() storeId: string,
    @Param('id', ParseIdPipe) orderId: number,
  ): Promise<void> {
    await this.deleteOrder.delete(storeId, orderId);
  }
}
