import { Controller, Get, Headers, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AllowStreamTicket } from '../auth/decorators/allow-stream-ticket.decorator';
import { CurrentPrincipal, CurrentTable } from '../auth/decorators/current-principal.decorator';
import { Roles } from '../auth/decorators/roles.decorator';
import { Principal, TablePrincipal } from '../common/http/principal';
import { StreamTicketService } from './stream-ticket.service';
import { ApiEventStream } from '../common/http/api-event-stream.decorator';
import { SmallBody } from '../common/http/body-limit.decorator';
import { headerRefs } from '../common/http/response-headers';
import { StreamQueryDto, StreamTicketResponseDto, TableOrderSnapshotDto } from './dto/stream.dto';
import { OrderStreamService } from './order-stream.service';
import { answerStreamTicket } from './stream-ticket-answer';
import { streamEvents } from './stream-events';

const ORDERS_PATH = 'api/orders';
const STREAM_ROUTE = 'stream';
const STREAM_PATH = `${ORDERS_PATH}/${STREAM_ROUTE}`;

/**
 * The tablet's live view (docs/decisions.md, 'The tablet's stream'), on the admin stream's
 * machinery (OrderStreamService).
 */
@ApiTags('orders')
@ApiBearerAuth('bearer')
@Roles('table')
@Controller(ORDERS_PATH)
export class TableOrderStreamController {
  constructor(
    private readonly streams: OrderStreamService,
    private readonly tickets: StreamTicketService,
  ) {}

  @Post('stream-ticket')
  @HttpCode(200)
  @SmallBody()
  @ApiOperation({
    operationId: 'issueTableOrderStreamTicket',
    summary: 'Issue a single-use ticket for opening the table’s order stream',
  })
  @ApiOkResponse({
    type: StreamTicketResponseDto,
    description: 'The ticket; the answer also sets the stream_session cookie (Path = this stream)',
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
    operationId: 'streamTableOrders',
    summary: 'Stream what this table must see (Server-Sent Events)',
    description:
      'First a `snapshot` event `{"orders":[…]}` with the current session’s orders, then the ' +
      'events of this table’s orders, its session’s end, the acknowledgement of its staff calls ' +
      'and the store’s menu changes (event name = routing key, id = event_id, data = the event ' +
      'payload); a fresh `snapshot` when its party moved or merged. `: ping` every 15 s. ' +
      'Authenticate with the Authorization header, with `?ticket=`, or with the stream_session ' +
      'cookie the ticket answer set (the browser’s own EventSource reconnect).',
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
      'stream tells EventSource when to reconnect (with Last-Event-ID). Never another table’s ' +
      'or store’s event.',
    streamEvents(
      {
        data: TableOrderSnapshotDto,
        description: 'first frame (and after a move or merge), no id: the session’s orders',
      },
      {
        'order.created': 'an order for this table (from the tablet or from staff)',
        'order.status_changed': 'one of its orders moved forward',
        'order.deleted': 'an admin deleted one of its orders',
        'table_session.ended': 'the session ended: clear the screen',
        'staff_call.acknowledged': 'staff acknowledged one of its calls',
        'menu.changed': 'the store’s menu changed (sold out, price, options, new items): refetch',
      },
    ),
  )
  @ApiUnauthorizedResponse({ description: 'No header and no valid ticket' })
  async stream(
    @CurrentTable() table: TablePrincipal,
    @Query() query: StreamQueryDto,
    @Headers('last-event-id') lastEventIdHeader: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.streams.openForTable(
      table,
      request,
      reply,
      lastEventIdHeader ?? query.last_event_id,
    );
  }
}
