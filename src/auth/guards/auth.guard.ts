import { CanActivate, ExecutionContext, Injectable, Optional, Type } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { IS_PUBLIC } from '../../common/http/public.decorator';
import { RequestRateLimiter } from '../../common/rate-limit/request-rate-limiter.service';
import { bearerTokenOf } from '../bearer-token';
import { ALLOW_STREAM_TICKET, TicketRedeemer } from '../decorators/allow-stream-ticket.decorator';
import { ROLES_KEY } from '../decorators/roles.decorator';
import { Principal, Role } from '../../common/http/principal';
import { TokenVersionService } from '../revocation/token-version.service';
import { streamSessionOf } from '../stream-session-cookie';
import { TokenService } from '../token.service';

/** What the guard needs to know of a route, read once per route. */
interface RouteAccess {
  isPublic: boolean;
  roles: Role[] | undefined;
  redeemer: Type<TicketRedeemer> | undefined;
}

type RouteHandler = ReturnType<ExecutionContext['getHandler']>;

/**
 * The one global guard. First the rate limits (RequestRateLimiter, left out with
 * RATE_LIMIT_ENABLED=false): every limited request is counted, by the principal its token names
 * or else by client IP, before anything is decided — floods of missing or forged tokens are
 * limited per IP too. Then access: every route needs a valid RS256 access token unless marked
 * @Public(); @Roles restricts by role. The verified principal is attached to the request. A route
 * marked @AllowStreamTicket(redeemer) also accepts, when no Authorization header is sent, the
 * stream_session cookie or a single-use `?ticket=` (checked by the route's redeemer).
 * Either way the principal's token version must still be current (else 401 TOKEN_REVOKED).
 * One guard rather than two, and route metadata read once per route: both run on every request.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly access = new WeakMap<RouteHandler, RouteAccess>();

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly moduleRef: ModuleRef,
    private readonly tokenVersions: TokenVersionService,
    @Optional() private readonly rateLimiter?: RequestRateLimiter,
  ) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const limiting = this.rateLimiter?.check(context, () =>
      this.tokens.principalOf(request.headers.authorization),
    );
    if (limiting) return limiting.then(() => this.authorize(context, request));
    return this.authorize(context, request);
  }

  private authorize(
    context: ExecutionContext,
    request: FastifyRequest,
  ): boolean | Promise<boolean> {
    const { isPublic, roles, redeemer } = this.accessOf(context);
    if (isPublic) return true;
    if (!request.headers.authorization && redeemer) {
      return this.streamPrincipal(request, redeemer).then((principal) =>
        this.admit(request, principal, roles),
      );
    }
    return this.admit(request, this.tokens.verify(bearerToken(request)), roles);
  }

  private accessOf(context: ExecutionContext): RouteAccess {
    const handler = context.getHandler();
    let access = this.access.get(handler);
    if (access === undefined) {
      const targets = [handler, context.getClass()];
      access = {
        isPublic: this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) === true,
        roles: this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets),
        redeemer: this.reflector.get<Type<TicketRedeemer> | undefined>(
          ALLOW_STREAM_TICKET,
          handler,
        ),
      };
      this.access.set(handler, access);
    }
    return access;
  }

  /**
   * A stream opened without the Authorization header: a valid stream_session cookie wins (the
   * browser's reconnect re-sends the spent `?ticket=`, which is then ignored); else the ticket.
   */
  private async streamPrincipal(
    request: FastifyRequest,
    redeemer: Type<TicketRedeemer>,
  ): Promise<Principal> {
    const session = streamSessionOf(request);
    const ticket = streamTicket(request);
    if (session) {
      try {
        return this.tokens.verifyStreamSession(session);
      } catch (error) {
        if (!ticket) throw error;
      }
    }
    if (ticket) return this.moduleRef.get(redeemer, { strict: false }).redeem(ticket);
    return this.tokens.verify(bearerToken(request));
  }

  /** Synchronous while the principal's token version is cached (the common case). */
  private admit(
    request: FastifyRequest,
    principal: Principal,
    roles: Role[] | undefined,
  ): boolean | Promise<boolean> {
    const checking = this.tokenVersions.assertCurrent(principal);
    if (checking) return checking.then(() => admit(request, principal, roles));
    return admit(request, principal, roles);
  }
}

function admit(request: FastifyRequest, principal: Principal, roles: Role[] | undefined): boolean {
  request.principal = principal;
  if (roles && !roles.includes(principal.role)) {
    throw new AppException(
      ErrorCode.INSUFFICIENT_PERMISSIONS,
      'Your role is not allowed to use this route',
    );
  }
  return true;
}

function streamTicket(request: FastifyRequest): string | undefined {
  const { ticket } = (request.query ?? {}) as { ticket?: unknown };
  return typeof ticket === 'string' ? ticket : undefined;
}

function bearerToken(request: FastifyRequest): string {
  const header = request.headers.authorization;
  if (!header) throw new AppException(ErrorCode.AUTHENTICATION_REQUIRED, 'Authentication required');
  const token = bearerTokenOf(header);
  if (!token)
    throw new AppException(
      ErrorCode.INVALID_TOKEN,
      'Authorization header must be "Bearer <token>"',
    );
  return token;
}
