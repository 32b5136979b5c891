import { ExecutionContext, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

const LOGIN_RATE_LIMIT = 'rateLimit:login';

/**
 * Puts a controller or route under the stricter per-IP login limit
 * (LOGIN_RATE_LIMIT_MAX / LOGIN_RATE_LIMIT_WINDOW_SECONDS) instead of the general one.
 */
export const LoginRateLimit = (): ClassDecorator & MethodDecorator =>
  SetMetadata(LOGIN_RATE_LIMIT, true);

export function isLoginRateLimited(reflector: Reflector, context: ExecutionContext): boolean {
  return (
    reflector.getAllAndOverride<boolean>(LOGIN_RATE_LIMIT, [
      context.getHandler(),
      context.getClass(),
    ]) === true
  );
}
