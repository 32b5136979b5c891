import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { Principal, Role } from '../../common/http/principal';

function principalOf(context: ExecutionContext): Principal {
  const principal = context.switchToHttp().getRequest<FastifyRequest>().principal;
  if (!principal)
    throw new AppException(ErrorCode.AUTHENTICATION_REQUIRED, 'Authentication required');
  return principal;
}

/** The verified caller. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext) =>
  principalOf(context),
);

/** The caller on a route restricted to `role` by @Roles, typed as that role's principal. */
function callerWithRole<R extends Role>(role: R) {
  return createParamDecorator(
    (_data: unknown, context: ExecutionContext): Extract<Principal, { role: R }> => {
      const principal = principalOf(context);
      if (principal.role !== role) {
        throw new AppException(
          ErrorCode.INSUFFICIENT_PERMISSIONS,
          'Your role is not allowed to use this route',
        );
      }
      return principal as Extract<Principal, { role: R }>;
    },
  );
}

/** The calling table (routes under @Roles('table')). */
export const CurrentTable = callerWithRole('table');

/** The calling store admin (routes under @Roles('store_admin')). */
export const CurrentStoreAdmin = callerWithRole('store_admin');

/**
 * The caller's store id, taken from the token and nowhere else: this is where tenant isolation
 * starts. Every store-scoped query filters by it, so another store's ids answer 404.
 */
export const StoreId = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const { store_id: storeId } = principalOf(context);
  if (!storeId) {
    throw new AppException(ErrorCode.INSUFFICIENT_PERMISSIONS, 'This route needs a store account');
  }
  return storeId;
});
