import { Controller, Get, Headers, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ApiEventStream } from '../common/http/api-event-stream.decorator';
import { headerRefs } from '../common/http/response-headers';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AllowStreamTicket } from '../auth/decorators/allow-stream-ticket.decorator';
import {
  CurrentPrincipal,
  CurrentStoreAdmin,
} from '../auth/decorators/current-principal.decorator';
import { Roles } from '../auth/decorators/roles.decorator';
import { Principal, StoreAdminPrincipal } from '../common/http/principal';
import { SmallBody } from '../common/http/body-limit.decorator';
import { StreamTicketService } from './stream-ticket.service';
import { OrderSnapshotDto, StreamQueryDto, StreamTicketResponseDto } from './dto/stream.dto';
import { OrderStreamService } from './order-stream.service';
import { answerStreamTicket } from './stream-ticket-answer';
import { streamEvents } from './stream-events';

const ORDERS_PATH = 'api/admin/orders';
const STREAM_ROUTE = 'stream';
const STREAM_PATH = `${ORDERS_PATH}/${STREAM_ROUTE}`;

@ApiTags('admin-orders')
@ApiBearerAuth('bearer')
@Roles('store_admin')
@Controller(ORDERS_PATH)
export class AdminOrderStreamController {
  constructor(
    private readonly streams: OrderStreamService,
    private readonly tickets: StreamTicketService,
  ) {}

  @Post('stream-ticket')
  @HttpCode(200)
  @SmallBody()
  @ApiOperation({
    operationId: 'issueOrderStreamTicket',
    summary: 'Issue a single-use ticket for opening the order stream',
  })
  @ApiOkResponse({
    type: StreamTicketResponseDto,
    description: 'The ticket; the answer also sets the stream_session cookie',
    headers: headerRefs('Set-Cookie'),
  })
  async issueTicket(
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamTicketResponseDto> {
    return answerStreamTicket(this.tickets, principal, request, reply, STREAM_PATH);
  }

  @Get(STREAM_ROUTE)
  @AllowStreamTicket(StreamTicketService)
  @ApiOperation({
    operationId: 'streamAdminOrders',
    summary: "Stream the store's order events (Server-Sent Events)",
    description:
      'First a `snapshot` event `{"orders":[…]}` with the active orders, then one event per change ' +
      '(event name = routing key, id = event_id, data = the event payload), `: ping` every 15 s. ' +
      'Authenticate with the Authorization header, with `?ticket=`, or with the stream_session ' +
      'cookie set by the ticket answer (a browser reconnecting with `withCredentials: true`).',
  })
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'Resume after this event (EventSource sends it when it reconnects)',
    example: '6f0c2a1e-8b3d-4f5a-9c7e-2d1b0a9f8e7d',
  })
  @ApiEventStream(
    'An endless text/event-stream. Each frame is `id: <event_id>`, `event: <name>`, `data: <JSON>`; ' +
      '`: ping` comments keep the connection open, and `retry: <ms>` before the server ends the ' +
      'stream (shutdown, feed interrupted) tells EventSource when to reconnect (with Last-Event-ID).',
    streamEvents(
      { data: OrderSnapshotDto, description: 'first frame, no id: the active orders' },
      {
        'order.created': 'a table placed an order',
        'order.status_changed': 'an admin moved an order forward',
        'order.deleted': 'an admin deleted an order',
        'table_session.ended': 'an admin ended a table session',
        'table_session.moved': 'an admin moved a party to a free table',
        'table_session.merged': 'an admin merged a party into a seated table',
        'staff_call.created': 'a table called staff',
        'staff_call.acknowledged': 'an admin acknowledged a call',
        'menu.changed': 'menu items, categories or options changed (refetch them)',
      },
    ),
  )
  @ApiUnauthorizedResponse({ description: 'No header and no valid ticket' })
  async stream(
    @CurrentStoreAdmin() admin: StoreAdminPrincipal,
    @Query() query: StreamQueryDto,
    @Headers('last-event-id') lastEventIdHeader: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.streams.openForAdmin(
      admin,
      request,
      reply,
      lastEventIdHeader ?? query.last_event_id,
    );
  }
}
