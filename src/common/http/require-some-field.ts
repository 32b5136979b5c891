import { AppException } from '../errors/app.exception';

/** A PATCH must change something: an empty body is almost always a client bug. */
export function requireSomeField(body: object): void {
  if (Object.values(body).some((value) => value !== undefined)) return;
  throw AppException.validationFailed([{ message: 'at least one field must be given' }]);
}
