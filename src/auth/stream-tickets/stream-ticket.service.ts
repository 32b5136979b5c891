import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { RedisService } from '../../infrastructure/redis/redis.service';
import { Principal, ROLES } from '../principal';

const KEY_PREFIX = 'stream_ticket:';
/** 32 random bytes, base64url without padding. */
const TICKET_FORMAT = /^[A-Za-z0-9_-]{43}$/;

export interface IssuedStreamTicket {
  ticket: string;
  expires_in: number;
}

/**
 * Short-lived, single-use tickets that stand in for the access token on the SSE route (browsers'
 * EventSource cannot send an Authorization header, and a JWT must never travel in a URL).
 */
@Injectable()
export class StreamTicketService {
  constructor(
    private readonly redis: RedisService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async issue(principal: Principal): Promise<IssuedStreamTicket> {
    const ticket = randomBytes(32).toString('base64url');
    const ttl = this.config.sse.ticketTtlSeconds;
    await this.redisCall(() =>
      this.redis.client.set(KEY_PREFIX + ticket, JSON.stringify(principal), 'EX', ttl),
    );
    return { ticket, expires_in: ttl };
  }

  /** Consumes the ticket atomically (GETDEL), so a ticket opens one stream at most. */
  async redeem(ticket: string): Promise<Principal> {
    if (!TICKET_FORMAT.test(ticket)) throw invalidTicket();
    const stored = await this.redisCall(() => this.redis.client.getdel(KEY_PREFIX + ticket));
    if (stored === null) throw invalidTicket();
    return parsePrincipal(stored);
  }

  private async redisCall<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch {
      throw new AppException(
        ErrorCode.SERVICE_UNAVAILABLE,
        'Stream tickets are unavailable right now; connect with the Authorization header',
      );
    }
  }
}

function invalidTicket(): AppException {
  return new AppException(
    ErrorCode.INVALID_TOKEN,
    'Stream ticket is invalid, expired or already used',
  );
}

function parsePrincipal(stored: string): Principal {
  const value = JSON.parse(stored) as Principal;
  if (typeof value.sub !== 'string' || !ROLES.includes(value.role)) throw invalidTicket();
  return value;
}
