import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentTable } from '../auth/decorators/current-principal.decorator';
import { Roles } from '../auth/decorators/roles.decorator';
import { TablePrincipal } from '../common/http/principal';
import { StaffCallRateLimit } from '../common/rate-limit/rate-limit.decorator';
import { CreateStaffCallDto, StaffCallResponseDto } from './dto/staff-call.dto';
import { StaffCallsService } from './staff-calls.service';

@ApiTags('staff-calls')
@ApiBearerAuth('bearer')
@Roles('table')
@Controller('api/staff-calls')
export class TableStaffCallsController {
  constructor(private readonly staffCalls: StaffCallsService) {}

  @Post()
  @HttpCode(201)
  @StaffCallRateLimit()
  @ApiOperation({
    operationId: 'callStaff',
    summary: 'Call staff from the tablet (직원 호출), with or without an active session',
  })
  @ApiCreatedResponse({ type: StaffCallResponseDto, description: 'The new open call' })
  @ApiOkResponse({
    type: StaffCallResponseDto,
    description:
      'A call of that type is still open at the table: that call (a double tap makes one call)',
  })
  @ApiTooManyRequestsResponse({
    description:
      'RATE_LIMIT_EXCEEDED: over STAFF_CALL_RATE_LIMIT_MAX calls per window from this table',
  })
  async call(
    @CurrentTable() table: TablePrincipal,
    @Body() body: CreateStaffCallDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StaffCallResponseDto> {
    const placed = await this.staffCalls.call(
      table.store_id,
      table.table_id,
      body.type,
      body.message ?? null,
    );
    if (!placed.created) reply.status(200);
    return placed.call;
  }
}
