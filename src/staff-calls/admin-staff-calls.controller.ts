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
import { StaffCallResponseDto, StaffCallsQueryDto } from './dto/staff-call.dto';
import { STAFF_CALL_LIST_LIMIT } from './staff-calls.repository';
import { StaffCallsService } from './staff-calls.service';

@ApiTags('staff-calls')
@ApiBearerAuth('bearer')
@Roles('store_admin')
@Controller('api/admin/staff-calls')
export class AdminStaffCallsController {
  constructor(private readonly staffCalls: StaffCallsService) {}

  @Get()
  @ApiOperation({
    operationId: 'listStaffCalls',
    summary: `The store's staff calls, newest first (at most ${STAFF_CALL_LIST_LIMIT})`,
  })
  @ApiOkResponse({ type: StaffCallResponseDto, isArray: true })
  list(
    @StoreId() storeId: string,
    @Query() query: StaffCallsQueryDto,
  ): Promise<StaffCallResponseDto[]> {
    return this.staffCalls.list(storeId, query.status);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'acknowledgeStaffCall',
    summary: 'Acknowledge an open call (someone is on the way)',
  })
  @ApiOkResponse({ type: StaffCallResponseDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such call in this store' })
  @ApiConflictResponse({ description: 'CONFLICT: the call was already acknowledged' })
  acknowledge(
    @StoreId() storeId: string,
    @Param('id', ParseIdPipe) callId: number,
  ): Promise<StaffCallResponseDto> {
    return this.staffCalls.acknowledge(storeId, callId);
  }
}
