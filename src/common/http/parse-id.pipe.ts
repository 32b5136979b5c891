import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { AppException } from '../errors/app.exception';
import { ErrorCode } from '../errors/error-code';

/** Largest PostgreSQL `integer`: ids beyond it cannot exist and must not reach a query. */
export const MAX_INT_ID = 2_147_483_647;

/** Parses an integer id path parameter (1 .. 2^31-1); anything else is 400 VALIDATION_FAILED. */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, number> {
  transform(value: string, metadata: ArgumentMetadata): number {
    const id = /^[1-9][0-9]{0,9}$/.test(value) ? Number(value) : Number.NaN;
    if (!(id <= MAX_INT_ID)) {
      const field = metadata.data ?? 'id';
      throw new AppException(ErrorCode.VALIDATION_FAILED, 'Request validation failed', [
        { field, message: `${field} must be a positive integer` },
      ]);
    }
    return id;
  }
}
