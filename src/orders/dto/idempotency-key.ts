import { AppException } from '../../common/errors/app.exception';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
const KEY = /^[\x21-\x7e]{1,64}$/;

/** The optional Idempotency-Key header: 1-64 visible ASCII characters (a UUID fits). */
export function parseIdempotencyKey(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!KEY.test(value)) {
    throw AppException.validationFailed([
      {
        field: 'Idempotency-Key',
        message: 'Idempotency-Key must be 1-64 visible ASCII characters',
      },
    ]);
  }
  return value;
}
