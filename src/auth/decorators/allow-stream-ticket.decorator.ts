import { SetMetadata, Type } from '@nestjs/common';
import { Principal } from '../../common/http/principal';

export const ALLOW_STREAM_TICKET = 'allowStreamTicket';

/** Turns a single-use ticket back into the principal it was issued to; throws when it is not valid. */
export interface TicketRedeemer {
  redeem(ticket: string): Promise<Principal>;
}

/**
 * Lets a route authenticate with a single-use `?ticket=` when the request has no Authorization
 * header; `redeemer` (a provider of the route's own module, e.g. the streams' ticket service)
 * checks it. Only for streams a browser opens with EventSource.
 */
export const AllowStreamTicket = (redeemer: Type<TicketRedeemer>): MethodDecorator =>
  SetMetadata(ALLOW_STREAM_TICKET, redeemer);
