import { TransformFnParams } from 'class-transformer';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';

export const MAX_DISPLAY_ORDER = 1_000_000;
export const MAX_PRICE = 10_000_000;
export const MAX_DESCRIPTION_LENGTH = 1000;

/** Names are compared and stored without surrounding blanks ("  " is an empty name). */
export function trimString({ value }: TransformFnParams): unknown {
  return typeof value === 'string' ? value.trim() : value;
}

/** Query strings arrive as text: a plain decimal becomes a number, anything else fails @IsInt. */
export function decimalToNumber({ value }: TransformFnParams): unknown {
  return typeof value === 'string' && /^[0-9]{1,10}$/.test(value) ? Number(value) : value;
}

/** A PATCH must change something: an empty body is almost always a client bug. */
export function requireSomeField(body: object): void {
  if (Object.values(body).some((value) => value !== undefined)) return;
  throw new AppException(ErrorCode.VALIDATION_FAILED, 'Request validation failed', [
    { message: 'at least one field must be given' },
  ]);
}
