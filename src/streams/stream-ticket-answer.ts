import type { FastifyReply, FastifyRequest } from 'fastify';
import { bearerTokenOf } from '../auth/bearer-token';
import { Principal } from '../common/http/principal';
import { StreamTicketService } from './stream-ticket.service';
import { StreamTicketResponseDto } from './dto/stream.dto';

/**
 * The answer of every `POST …/stream-ticket`: a single-use ticket, and the stream_session cookie
 * (limited to `streamPath`) set on the reply for the browser's own reconnects.
 */
export async function answerStreamTicket(
  tickets: StreamTicketService,
  principal: Principal,
  request: FastifyRequest,
  reply: FastifyReply,
  streamPath: string,
): Promise<StreamTicketResponseDto> {
  const issued = await tickets.issue({
    principal,
    accessToken: bearerTokenOf(request.headers.authorization ?? '') ?? '',
    streamPath: `/${streamPath}`,
  });
  reply.header('set-cookie', issued.session_cookie);
  return StreamTicketResponseDto.from(issued);
}
