import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { AppException } from '../errors/app.exception';
import { ErrorCode } from '../errors/error-code';

/** The largest value of an `integer` identity column. */
export const MAX_ID = 2_147_483_647;
const DIGITS = /^[1-9][0-9]{0,9}$/;

/** A path id of an integer identity column: 1..2^31-1, else 400 with the parameter named. */
@Injectable()
export class IdParamPipe implements PipeTransform<string, number> {
  transform(value: string, metadata: ArgumentMetadata): number {
    const id = DIGITS.test(value) ? Number(value) : Number.NaN;
    if (id <= MAX_ID) return id;
    const field = metadata.data ?? 'id';
    throw new AppException(ErrorCode.VALIDATION_FAILED, 'Request validation failed', [
      { field, message: `${field} must be a positive integer` },
    ]);
  }
}
