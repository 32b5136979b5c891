import { AppException } from '../errors/app.exception';
import { ErrorCode } from '../errors/error-code';

/** A PATCH must change something: an empty body is almost always a client bug. */
export function requireSomeField(body: object): void {
  if (Object.values(body).some((value) => value !== undefined)) return;
  throw new AppException(ErrorCode.VALIDATION_FAILED, 'Request validation failed', [
    { message: 'at least one field must be given' },
  ]);
}
