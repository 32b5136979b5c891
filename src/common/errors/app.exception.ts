import { ErrorCode, ERROR_STATUS } from './error-code';

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

  /** 400 VALIDATION_FAILED with one entry per offending field, as the ValidationPipe answers. */
  static validationFailed(details: ErrorDetail[]): AppException {
    return new AppException(ErrorCode.VALIDATION_FAILED, 'Request validation failed', details);
  }

  static notFound(what = 'Resource'): AppException {
    return new AppException(ErrorCode.NOT_FOUND, `${what} not found`);
  }

  static conflict(message: string): AppException {
    return new AppException(ErrorCode.CONFLICT, message);
  }
}
