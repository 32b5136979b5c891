import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  errorEnvelope,
  RenderedError,
  renderError,
  sendError,
} from '../common/http/all-exceptions.filter';
import { ErrorCode } from '../common/errors/error-code';
import { REQUEST_ID_HEADER } from '../common/http/request-id';

/**
 * Errors Fastify's router raises before any hook or Nest handler runs (a URL that does not
 * decode, a path parameter over maxParamLength): the error envelope with the request id, like
 * every other error.
 */
export function answerFrameworkError(
  error: Error,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  sendError(reply, request, renderError(error));
}

/** What the HTTP parser refused, before Fastify saw a request. */
function renderClientError(error: NodeJS.ErrnoException): RenderedError {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return {
      status: 408,
      code: ErrorCode.REQUEST_TIMEOUT,
      message: 'The request was not received in time',
    };
  }
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    return {
      status: 431,
      code: ErrorCode.REQUEST_HEADERS_TOO_LARGE,
      message: 'The request line and headers are too large',
    };
  }
  return { status: 400, code: ErrorCode.VALIDATION_FAILED, message: 'Malformed HTTP request' };
}

/** How long a connection refused by `answerClientError` may linger for its peer to read the answer. */
const CLIENT_ERROR_LINGER_MS = 2000;

/**
 * Node's `clientError` (header overflow, request timeout, a request that does not parse): there
 * is no request object, so the answer is written to the socket by hand, in the envelope, with a
 * fresh request id; then our side of the connection is closed. Not destroyed at once: a socket
 * closed with the client's request still unread makes the kernel answer with a reset, which can
 * discard the response before the client reads it (seen on Node 24 with oversized headers). The
 * socket goes once the peer closes, or after CLIENT_ERROR_LINGER_MS.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (!socket.writable) {
    socket.destroy(error);
    return;
  }
  const rendered = renderClientError(error);
  const requestId = randomUUID();
  const body = JSON.stringify(errorEnvelope(rendered, requestId));
  socket.end(
    `HTTP/1.1 ${rendered.status} ${STATUS_CODES[rendered.status]}\r\n` +
      `Content-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      `${REQUEST_ID_HEADER}: ${requestId}\r\n` +
      `Connection: close\r\n\r\n${body}`,
  );
  setTimeout(() => socket.destroy(), CLIENT_ERROR_LINGER_MS).unref();
}
