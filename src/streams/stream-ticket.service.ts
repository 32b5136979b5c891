import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AppException } from '../common/errors/app.exception';
import { ErrorCode } from '../common/errors/error-code';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { RedisService } from '../infrastructure/redis/redis.service';
import { Principal, ROLES } from '../common/http/principal';
import { STREAM_SESSION_MAX_SECONDS, streamSessionCookie } from '../auth/stream-session-cookie';
import { TokenService } from '../auth/token.service';

const KEY_PREFIX = 'stream_ticket:';
/** 32 random bytes, base64url without padding. */
const TICKET_FORMAT = /^[A-Za-z0-9_-]{43}$/;

export interface IssuedStreamTicket {
  ticket: string;
  expires_in: number;
  /** Set-Cookie value of the stream_session cookie (see issue()). */
  session_cookie: string;
}

/** Who asks for a ticket, and for which stream. */
export interface StreamTicketRequest {
  principal: Principal;
  /** The access token the request was authenticated with (the session may not outlive it). */
  accessToken: string;
  /** The stream route the ticket and the session cookie open. */
  streamPath: string;
}

/**
 * Short-lived, single-use tickets that stand in for the access token on the SSE route (browsers'
 * EventSource cannot send an Authorization header, and a JWT must never travel in a URL).
 */
@Injectable()
export class StreamTicketService {
  constructor(
    private readonly redis: RedisService,
    private readonly tokens: TokenService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * A single-use ticket for the first connection, and the stream_session cookie the browser's
   * own EventSource reconnects with (`withCredentials: true`) after the ticket is spent: a
   * stream-session token valid as long as the access token, at most 12 h, sent to the stream
   * route only. Any stream (admin orders, tablet orders) uses the same pair.
   */
  async issue({
    principal,
    accessToken,
    streamPath,
  }: StreamTicketRequest): Promise<IssuedStreamTicket> {
    const ticket = randomBytes(32).toString('base64url');
    const ttl = this.config.sse.ticketTtlSeconds;
    await this.redisCall(() =>
      this.redis.client.set(KEY_PREFIX + ticket, JSON.stringify(principal), 'EX', ttl),
    );
    const lifetime = Math.min(STREAM_SESSION_MAX_SECONDS, this.tokens.secondsLeft(accessToken));
    const session_cookie = streamSessionCookie(
      this.tokens.issueStreamSession(principal, lifetime),
      { path: streamPath, maxAgeSeconds: lifetime, secure: this.config.nodeEnv !== 'development' },
    );
    return { ticket, expires_in: ttl, session_cookie };
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
