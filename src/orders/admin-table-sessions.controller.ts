import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { StoreId } from '../auth/decorators/current-principal.decorator';
import { Roles } from '../auth/decorators/roles.decorator';
import { ParseIdPipe } from '../common/http/parse-id.pipe';
import { EndSessionResponseDto, HistoryPageDto, HistoryQueryDto } from './dto/table-session.dto';
import { MergeTableDto, MoveTableDto, TableTransferResponseDto } from './dto/table-transfer.dto';
import { EndSessionService } from './end-session.service';
import { OrderHistoryService } from './order-history.service';
import { TableTransferService } from './table-transfer.service';

/**
 * Closing a table, moving or merging its party, reading its archive: routes under
 * /api/admin/tables, owned by orders.
 */
@ApiTags('tables')
@ApiBearerAuth('bearer')
@Roles('store_admin')
@Controller('api/admin/tables')
export class AdminTableSessionsController {
  constructor(
    private readonly endSession: EndSessionService,
    private readonly historyPages: OrderHistoryService,
    private readonly transfers: TableTransferService,
  ) {}

  @Post(':id/end-session')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'endTableSession',
    summary: "End the table's session (이용 완료): its orders move to the history",
  })
  @ApiOkResponse({ type: EndSessionResponseDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such table in this store' })
  @ApiConflictResponse({ description: 'NO_ACTIVE_SESSION: the table has no active session' })
  async end(
    @StoreId() storeId: string,
    @Param('id', ParseIdPipe) tableId: number,
  ): Promise<EndSessionResponseDto> {
    const ended = await this.endSession.end(storeId, tableId);
    return {
      session_id: ended.session_id,
      archived_orders: ended.archived_orders,
      total_amount: ended.total_amount,
    };
  }

  @Post(':id/move')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'moveTableSession',
    summary: "Move the table's party to a free table: its session, orders, open calls and total",
  })
  @ApiOkResponse({ type: TableTransferResponseDto, description: 'The target table, now seated' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: either table is not in this store' })
  @ApiConflictResponse({
    description:
      'TABLE_OCCUPIED: the target has an active session · NO_ACTIVE_SESSION: the source has none',
  })
  async move(
    @StoreId() storeId: string,
    @Param('id', ParseIdPipe) tableId: number,
    @Body() body: MoveTableDto,
  ): Promise<TableTransferResponseDto> {
    return TableTransferResponseDto.from(
      await this.transfers.move(storeId, tableId, body.to_table_id),
    );
  }

  @Post(':id/merge')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'mergeTableSession',
    summary:
      "Seat the table's party with another (합석): its orders join the target's session, its own session ends with nothing archived",
  })
  @ApiOkResponse({ type: TableTransferResponseDto, description: 'The target table' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: either table is not in this store' })
  @ApiConflictResponse({
    description: 'NO_ACTIVE_SESSION: the source or the target has no active session',
  })
  async merge(
    @StoreId() storeId: string,
    @Param('id', ParseIdPipe) tableId: number,
    @Body() body: MergeTableDto,
  ): Promise<TableTransferResponseDto> {
    return TableTransferResponseDto.from(
      await this.transfers.merge(storeId, tableId, body.into_table_id),
    );
  }

  @Get(':id/history')
  @ApiOperation({
    operationId: 'getTableHistory',
    summary: "The table's archived orders, archived_at desc, paginated",
  })
  @ApiOkResponse({ type: HistoryPageDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such table in this store' })
  history(
    @StoreId() storeId: string,
    @Param('id', ParseIdPipe) tableId: number,
    @Query() query: HistoryQueryDto,
  ): Promise<HistoryPageDto> {
    return this.historyPages.page(storeId, tableId, query);
  }
}
