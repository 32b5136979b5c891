import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
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
import { EndSessionService } from './end-session.service';
import { OrderHistoryService } from './order-history.service';

/** Closing a table and reading its archive: routes under /api/admin/tables, owned by orders. */
@ApiTags('tables')
@ApiBearerAuth('bearer')
@Roles('store_admin')
@Controller('api/admin/tables')
export class AdminTableSessionsController {
  constructor(
    private readonly endSession: EndSessionService,
    private readonly historyPages: OrderHistoryService,
  ) {}

  @Post(':id/end-session')
  @HttpCode(200)
  @ApiOperation({ summary: "End the table's session (이용 완료): its orders move to the history" })
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

  @Get(':id/history')
  @ApiOperation({ summary: "The table's archived orders, archived_at desc, paginated" })
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
