import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { IS_PUBLIC } from '../../common/http/public.decorator';
import { bearerTokenOf } from '../bearer-token';
import { ROLES_KEY } from '../decorators/roles.decorator';
import { Role } from '../principal';
import { TokenService } from '../token.service';

/**
 * Global guard: every route needs a valid RS256 access token unless marked @Public();
 * @Roles restricts by role. The verified principal is attached to the request.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const principal = this.tokens.verify(bearerToken(request));
    request.principal = principal;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(principal.role)) {
      throw new AppException(
        ErrorCode.INSUFFICIENT_PERMISSIONS,
        'Your role is not allowed to use this route',
      );
    }
    return true;
  }
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
