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
import { AdminOrderResponseDto } from '../orders/dto/order-response.dto';
import {
  OrderDeletedData,
  OrderStatusChangedData,
  TableSessionEndedData,
  TableSessionMergedData,
  TableSessionTransferredData,
} from '../orders/order-events';
import { MenuChangedData } from '../menu/menu-writes.service';
import { StaffCallResponseDto } from '../staff-calls/dto/staff-call.dto';
import { OrderStreamService } from './order-stream.service';
import { answerStreamTicket } from './stream-ticket-answer';

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
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Resume after this event' })
  @ApiEventStream(
    'An endless text/event-stream. Each frame is `id: <event_id>`, `event: <name>`, `data: <JSON>`; ' +
      '`: ping` comments keep the connection open, and `retry: <ms>` before the server ends the ' +
      'stream (shutdown, feed interrupted) tells EventSource when to reconnect (with Last-Event-ID).',
    [
      {
        name: 'snapshot',
        data: OrderSnapshotDto,
        enveloped: false,
        description: 'first frame, no id: the active orders',
      },
      {
        name: 'order.created',
        data: AdminOrderResponseDto,
        enveloped: true,
        description: 'a table placed an order',
      },
      {
        name: 'order.status_changed',
        data: OrderStatusChangedData,
        enveloped: true,
        description: 'an admin moved an order forward',
      },
      {
        name: 'order.deleted',
        data: OrderDeletedData,
        enveloped: true,
        description: 'an admin deleted an order',
      },
      {
        name: 'table_session.ended',
        data: TableSessionEndedData,
        enveloped: true,
        description: 'an admin ended a table session',
      },
      {
        name: 'table_session.moved',
        data: TableSessionTransferredData,
        enveloped: true,
        description: 'an admin moved a party to a free table',
      },
      {
        name: 'table_session.merged',
        data: TableSessionMergedData,
        enveloped: true,
        description: 'an admin merged a party into a seated table',
      },
      {
        name: 'staff_call.created',
        data: StaffCallResponseDto,
        enveloped: true,
        description: 'a table called staff',
      },
      {
        name: 'staff_call.acknowledged',
        data: StaffCallResponseDto,
        enveloped: true,
        description: 'an admin acknowledged a call',
      },
      {
        name: 'menu.changed',
        data: MenuChangedData,
        enveloped: true,
        description: 'menu items, categories or options changed (refetch them)',
      },
    ],
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
