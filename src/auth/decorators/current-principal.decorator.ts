import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { Principal } from '../principal';

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
