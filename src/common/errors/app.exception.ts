import { ErrorCode, ERROR_STATUS } from './error-code';

/** A 400 lists at most this many problems: a hostile body must not buy a huge answer. */
export const MAX_ERROR_DETAILS = 20;

export interface ErrorDetail {
  field?: string;
  message: string;
  [key: string]: unknown;
}

/**
 * The one exception type business code throws. The global filter renders it as the error
 * envelope; `headers` lets a rule add e.g. Retry-After.
 */
export class AppException extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppException';
    this.status = ERROR_STATUS[code];
  }

  /**
   * 400 VALIDATION_FAILED with one entry per offending field, as the ValidationPipe answers; past
   * MAX_ERROR_DETAILS entries the rest are left out and the message gives the full count.
   */
  static validationFailed(details: ErrorDetail[]): AppException {
    if (details.length <= MAX_ERROR_DETAILS) {
      return new AppException(ErrorCode.VALIDATION_FAILED, 'Request validation failed', details);
    }
    return new AppException(
      ErrorCode.VALIDATION_FAILED,
      `Request validation failed (${details.length} problems, the first ${MAX_ERROR_DETAILS} listed)`,
      details.slice(0, MAX_ERROR_DETAILS),
    );
  }

  static notFound(what = 'Resource'): AppException {
    return new AppException(ErrorCode.NOT_FOUND, `${what} not found`);
  }

  static conflict(message: string): AppException {
    return new AppException(ErrorCode.CONFLICT, message);
  }
}
