import { Controller, Get, Headers, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AllowStreamTicket } from '../../auth/decorators/allow-stream-ticket.decorator';
import { CurrentPrincipal, StoreId } from '../../auth/decorators/current-principal.decorator';
import { Roles } from '../../auth/decorators/roles.decorator';
import { Principal } from '../../auth/principal';
import { SmallBody } from '../../common/http/body-limit.decorator';
import { StreamTicketService } from '../../auth/stream-tickets/stream-ticket.service';
import { StreamQueryDto, StreamTicketResponseDto } from '../dto/stream.dto';
import { AdminOrderStreamService } from './admin-order-stream.service';

@ApiTags('admin-orders')
@ApiBearerAuth('bearer')
@Roles('store_admin')
@Controller('api/admin/orders')
export class AdminOrderStreamController {
  constructor(
    private readonly streams: AdminOrderStreamService,
    private readonly tickets: StreamTicketService,
  ) {}

  @Post('stream-ticket')
  @HttpCode(200)
  @SmallBody()
  @ApiOperation({ summary: 'Issue a single-use ticket for opening the order stream' })
  @ApiOkResponse({ type: StreamTicketResponseDto })
  async issueTicket(@CurrentPrincipal() principal: Principal): Promise<StreamTicketResponseDto> {
    return StreamTicketResponseDto.from(await this.tickets.issue(principal));
  }

  @Get('stream')
  @AllowStreamTicket()
  @ApiOperation({
    summary: "Stream the store's order events (Server-Sent Events)",
    description:
      'First a `snapshot` event `{"orders":[…]}` with the active orders, then one event per change ' +
      '(event name = routing key, id = event_id, data = the event payload), `: ping` every 15 s. ' +
      'Authenticate with the Authorization header or with `?ticket=`.',
  })
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Resume after this event' })
  @ApiOkResponse({ description: 'An endless text/event-stream' })
  @ApiUnauthorizedResponse({ description: 'No header and no valid ticket' })
  async stream(
    @StoreId() storeId: string,
    @CurrentPrincipal() principal: Principal,
    @Query() query: StreamQueryDto,
    @Headers('last-event-id') lastEventIdHeader: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.streams.open(
      { ...principal, store_id: storeId },
      request,
      reply,
      lastEventIdHeader ?? query.last_event_id,
    );
  }
}
