import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { AppException } from '../errors/app.exception';

/** Largest PostgreSQL `integer`: ids beyond it cannot exist and must not reach a query. */
export const MAX_INT_ID = 2_147_483_647;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

function invalidParameter(metadata: ArgumentMetadata, requirement: string): AppException {
  const field = metadata.data ?? 'id';
  return AppException.validationFailed([{ field, message: `${field} must be ${requirement}` }]);
}

/** Parses an integer id path parameter (plain digits, 1 .. 2^31-1); else 400 naming it. */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, number> {
  transform(value: string, metadata: ArgumentMetadata): number {
    const id = /^[1-9][0-9]{0,9}$/.test(value) ? Number(value) : Number.NaN;
    if (!(id <= MAX_INT_ID)) throw invalidParameter(metadata, 'a positive integer');
    return id;
  }
}

/** Checks a uuid path parameter (stores); else 400 naming it. */
@Injectable()
export class ParseUuidParamPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (!isUuid(value)) throw invalidParameter(metadata, 'a UUID');
    return value;
  }
}
