import { SetMetadata } from '@nestjs/common';

export const ALLOW_STREAM_TICKET = 'allowStreamTicket';

/**
 * Lets a route authenticate with a single-use `?ticket=` (from StreamTicketService) when the
 * request has no Authorization header. Only for streams a browser opens with EventSource.
 */
export const AllowStreamTicket = (): MethodDecorator => SetMetadata(ALLOW_STREAM_TICKET, true);
