import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable, isMissingStoreReference } from '../errors/postgres-error';
import { REQUEST_ID_HEADER } from './request-id';
import { AppException, ErrorDetail } from '../errors/app.exception';
import { ErrorCode, errorCodeForStatus } from '../errors/error-code';
import { ErrorEnvelope } from '../errors/error-envelope';

export interface RenderedError {
  status: number;
  code: string;
  message: string;
  details?: ErrorDetail[];
  headers?: Record<string, string>;
}

/** Errors raised by Fastify itself before a route handler runs (body parsing, limits). */
const FASTIFY_ERRORS: Record<string, { code: ErrorCode; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    code: ErrorCode.VALIDATION_FAILED,
    message: 'Request body is not valid JSON',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: ErrorCode.VALIDATION_FAILED,
    message: 'Request body is empty but Content-Type is application/json',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: ErrorCode.PAYLOAD_TOO_LARGE,
    message: 'Request body is too large',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
    message: 'Unsupported Content-Type',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: ErrorCode.VALIDATION_FAILED,
    message: 'Content-Length does not match the body',
  },
  FST_ERR_BAD_URL: { code: ErrorCode.VALIDATION_FAILED, message: 'The URL is not valid' },
  FST_ERR_MAX_PARAM_LENGTH: {
    code: ErrorCode.URI_TOO_LONG,
    message: 'A path parameter is too long',
  },
};

/** What a client is told to wait before retrying while PostgreSQL is unreachable. */
const DATABASE_RETRY_AFTER_SECONDS = 5;

function isFastifyError(error: unknown): error is Error & { code: string; statusCode?: number } {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string';
}

function httpExceptionMessage(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.join('; ');
  return exception.message;
}

export function renderError(exception: unknown): RenderedError {
  if (exception instanceof AppException) {
    return {
      status: exception.status,
      code: exception.code,
      message: exception.message,
      details: exception.details,
      headers: exception.headers,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    return { status, code: errorCodeForStatus(status), message: httpExceptionMessage(exception) };
  }
  if (isDatabaseUnavailable(exception)) {
    return {
      status: 503,
      code: ErrorCode.SERVICE_UNAVAILABLE,
      message: 'The database is unavailable; retry shortly',
      headers: { 'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS) },
    };
  }
  if (isMissingStoreReference(exception)) {
    // The store was deleted while its tokens were still cached as current (at most 5 s).
    return {
      status: 401,
      code: ErrorCode.TOKEN_REVOKED,
      message: 'Access token has been revoked',
    };
  }
  if (isFastifyError(exception)) {
    const known = FASTIFY_ERRORS[exception.code];
    if (known) {
      return { status: exception.statusCode ?? 400, code: known.code, message: known.message };
    }
    const status = exception.statusCode;
    if (status && status >= 400 && status < 500) {
      return { status, code: errorCodeForStatus(status), message: exception.message };
    }
  }
  return { status: 500, code: ErrorCode.INTERNAL_ERROR, message: 'Internal server error' };
}

export function errorEnvelope(rendered: RenderedError, requestId: string): ErrorEnvelope {
  return {
    error: {
      code: rendered.code,
      message: rendered.message,
      request_id: requestId,
      ...(rendered.details?.length ? { details: rendered.details } : {}),
    },
  };
}

/** Sends the rendered error as the envelope, with its headers and the request id. */
export function sendError(
  reply: FastifyReply,
  request: FastifyRequest,
  rendered: RenderedError,
): void {
  if (rendered.headers) reply.headers(rendered.headers);
  reply
    .status(rendered.status)
    .header(REQUEST_ID_HEADER, String(request.id))
    .header('content-type', 'application/json; charset=utf-8')
    .send(errorEnvelope(rendered, String(request.id)));
}

/** Renders every error, from any layer, as the API's error envelope. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const rendered = renderError(exception);

    if (rendered.status === 503) {
      this.logger.warn(
        { route: request.routeOptions?.url, user_id: request.principal?.sub },
        `${rendered.message} (${exception instanceof Error ? exception.message : String(exception)})`,
      );
    } else if (rendered.status >= 500) {
      this.logger.error(
        // request_id comes from the request-scoped logger (nestjs-pino) this line is written with.
        { err: exception, route: request.routeOptions?.url, user_id: request.principal?.sub },
        rendered.message,
      );
    }
    if (reply.sent) return;
    sendError(reply, request, rendered);
  }
}
