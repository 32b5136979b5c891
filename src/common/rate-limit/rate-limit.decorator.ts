import { ExecutionContext, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

const LOGIN_RATE_LIMIT = 'rateLimit:login';
const STAFF_CALL_RATE_LIMIT = 'rateLimit:staffCall';

/**
 * Puts a controller or route under the stricter per-IP login limit
 * (LOGIN_RATE_LIMIT_MAX / LOGIN_RATE_LIMIT_WINDOW_SECONDS) instead of the general one.
 */
export const LoginRateLimit = (): ClassDecorator & MethodDecorator =>
  SetMetadata(LOGIN_RATE_LIMIT, true);

/**
 * Adds the per-table staff-call limit (STAFF_CALL_RATE_LIMIT_MAX /
 * STAFF_CALL_RATE_LIMIT_WINDOW_SECONDS) to the general one, so a child tapping the call
 * button cannot flood the dashboard.
 */
export const StaffCallRateLimit = (): ClassDecorator & MethodDecorator =>
  SetMetadata(STAFF_CALL_RATE_LIMIT, true);

export function isLoginRateLimited(reflector: Reflector, context: ExecutionContext): boolean {
  return isMarked(reflector, context, LOGIN_RATE_LIMIT);
}

export function isStaffCallRateLimited(reflector: Reflector, context: ExecutionContext): boolean {
  return isMarked(reflector, context, STAFF_CALL_RATE_LIMIT);
}

function isMarked(reflector: Reflector, context: ExecutionContext, key: string): boolean {
  return (
    reflector.getAllAndOverride<boolean>(key, [context.getHandler(), context.getClass()]) === true
  );
}
