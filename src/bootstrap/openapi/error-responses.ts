import type {
  OpenAPIObject,
  OperationObject,
  ParameterObject,
  ReferenceObject,
  ResponseObject,
  SchemaObject,
} from '@nestjs/swagger';
import { ERROR_STATUS, ErrorCode } from '../../common/errors/error-code';
import { PROBE_ROUTES } from '../../common/http/ops-routes';
import { isRateLimitedRoute } from '../../common/rate-limit/request-rate-limiter.service';
import { OPTION_RULES } from '../../orders/order-options.rules';
import {
  headerRefs,
  RATE_LIMIT_HEADERS,
  ResponseHeaderName,
} from '../../common/http/response-headers';

export const ERROR_ENVELOPE_REF = '#/components/schemas/ErrorEnvelope';

/**
 * What a client sees for a code when the route declares no text of its own; a code missing here
 * reads as its own words ("INVALID_OPTIONS" → "Invalid options").
 */
const DEFAULT_MESSAGES: Partial<Record<ErrorCode, string>> = {
  [ErrorCode.VALIDATION_FAILED]: 'Request validation failed',
  [ErrorCode.AUTHENTICATION_REQUIRED]: 'Authentication required',
  [ErrorCode.INVALID_CREDENTIALS]: 'Invalid credentials',
  [ErrorCode.TOKEN_EXPIRED]: 'The access token has expired',
  [ErrorCode.INVALID_TOKEN]: 'The access token is invalid',
  [ErrorCode.TOKEN_REVOKED]: 'The access token was revoked; log in again',
  [ErrorCode.ACCOUNT_LOCKED]: 'Too many failed logins; retry in 900 seconds',
  [ErrorCode.INSUFFICIENT_PERMISSIONS]: 'This route is not available to your role',
  [ErrorCode.NOT_FOUND]: 'Not found',
  [ErrorCode.METHOD_NOT_ALLOWED]: 'Method not allowed',
  [ErrorCode.CONFLICT]: 'Conflict with the current state',
  [ErrorCode.INVALID_STATUS_TRANSITION]: 'Cannot change status from completed to pending',
  [ErrorCode.NO_ACTIVE_SESSION]: 'The table has no active session',
  [ErrorCode.PAYLOAD_TOO_LARGE]: 'Request body too large',
  [ErrorCode.UNSUPPORTED_MEDIA_TYPE]: 'Unsupported content type',
  [ErrorCode.MENU_NOT_AVAILABLE]: 'Some menu items are not available',
  [ErrorCode.INVALID_OPTIONS]: 'The options of line 0 are not valid',
  [ErrorCode.IDEMPOTENCY_KEY_REUSED]: 'The Idempotency-Key was used for a different order',
  [ErrorCode.UNPROCESSABLE_ENTITY]: 'The request cannot be processed',
  [ErrorCode.RATE_LIMIT_EXCEEDED]: 'Too many requests; retry in 30 seconds',
  [ErrorCode.SHUTTING_DOWN]: 'This instance is shutting down; retry the request',
  [ErrorCode.SERVICE_UNAVAILABLE]: 'A dependency is unavailable; retry shortly',
  [ErrorCode.INTERNAL_ERROR]: 'Internal server error',
  [ErrorCode.REQUEST_TIMEOUT]: 'The request took too long to arrive',
  [ErrorCode.URI_TOO_LONG]: 'The request URL is too long',
  [ErrorCode.REQUEST_HEADERS_TOO_LARGE]: 'The request headers are too large',
};

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad request',
  401: 'Not authenticated',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable',
  423: 'Locked',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Unavailable',
};

const EXAMPLE_REQUEST_ID = '9f1c6c2e-5b1a-4d0e-9a57-3c2f1e0b7a44';
const ALL_CODES = Object.values(ErrorCode);

/** The ErrorEnvelope, ErrorDetail, ErrorCode and OptionRule schemas; the enums are the code's own. */
export function errorSchemas(): Record<string, SchemaObject> {
  return {
    ErrorCode: {
      type: 'string',
      enum: ALL_CODES,
      example: ErrorCode.NOT_FOUND,
      description:
        'Machine-readable error code; the HTTP status follows from it: ' +
        ALL_CODES.map((code) => `${code} ${ERROR_STATUS[code]}`).join(', ') +
        '. Clients branch on the code, never on the message.',
    },
    OptionRule: {
      type: 'string',
      enum: [...OPTION_RULES],
      description: 'INVALID_OPTIONS: the rule an order line breaks',
      example: 'min_select',
    },
    ErrorDetail: {
      type: 'object',
      required: ['message'],
      properties: {
        field: {
          type: 'string',
          description: 'The offending field (dotted path)',
          example: 'items.0.quantity',
        },
        message: { type: 'string', example: 'quantity must not be less than 1' },
        line: {
          type: 'integer',
          description: 'INVALID_OPTIONS: the order line (index in `items`)',
          example: 0,
        },
        rule: { $ref: '#/components/schemas/OptionRule' },
        group_id: {
          type: 'integer',
          nullable: true,
          description:
            'INVALID_OPTIONS: the option group concerned (null: none, e.g. foreign_option)',
          example: 4,
        },
        group: {
          type: 'string',
          nullable: true,
          description: 'INVALID_OPTIONS: that group’s name',
          example: '맵기',
        },
        option_id: {
          type: 'integer',
          description: 'INVALID_OPTIONS: the option concerned',
          example: 11,
        },
        menu_id: {
          type: 'integer',
          description: 'MENU_NOT_AVAILABLE: a menu that cannot be ordered now',
          example: 3,
        },
      },
      additionalProperties: true,
    },
    ErrorEnvelope: {
      type: 'object',
      required: ['error'],
      description: 'Every error answer of the API has this body.',
      properties: {
        error: {
          type: 'object',
          required: ['code', 'message', 'request_id'],
          properties: {
            code: { $ref: '#/components/schemas/ErrorCode' },
            message: {
              type: 'string',
              description: 'Human-readable; may change between versions',
              example: 'Not found',
            },
            request_id: {
              type: 'string',
              description: 'Same as the X-Request-Id header',
              example: EXAMPLE_REQUEST_ID,
            },
            details: {
              type: 'array',
              description: 'Per-field problems (VALIDATION_FAILED) or the ids concerned',
              items: { $ref: '#/components/schemas/ErrorDetail' },
            },
          },
        },
      },
    },
  };
}

/** The codes a declared description names (`NOT_FOUND: no such table`), in order. */
function codesNamedIn(description: string): ErrorCode[] {
  return ALL_CODES.filter((code) => new RegExp(`\\b${code}\\b`).test(description)).sort(
    (a, b) => description.indexOf(a) - description.indexOf(b),
  );
}

/** The text a description gives for one code: `CONFLICT: the code is taken` → `The code is taken`. */
function messageFor(code: ErrorCode, description: string | undefined): string {
  const match = description ? new RegExp(`\\b${code}\\b:\\s*([^;]+)`).exec(description) : null;
  const text = match
    ? match[1].trim()
    : (DEFAULT_MESSAGES[code] ?? code.toLowerCase().replace(/_/g, ' '));
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function exampleEnvelope(code: ErrorCode, description: string | undefined): object {
  const error: Record<string, unknown> = {
    code,
    message: messageFor(code, description),
    request_id: EXAMPLE_REQUEST_ID,
  };
  if (code === ErrorCode.VALIDATION_FAILED) {
    error.details = [{ field: 'quantity', message: 'quantity must not be less than 1' }];
  }
  if (code === ErrorCode.INVALID_OPTIONS) {
    error.details = [
      {
        field: 'items.0.option_ids',
        line: 0,
        rule: 'min_select',
        group_id: 4,
        group: '맵기',
        message: 'choose one option of "맵기"',
      },
    ];
  }
  if (code === ErrorCode.MENU_NOT_AVAILABLE) {
    error.details = [
      { field: 'items.0.menu_id', message: 'Menu item 3 is not available', menu_id: 3 },
    ];
  }
  return { error };
}

interface RouteFacts {
  path: string;
  operation: OperationObject;
}

/** The codes every operation can answer beyond what its handler declares, by status. */
function inferredCodes({ path, operation }: RouteFacts): Map<number, ErrorCode[]> {
  const parameters = (operation.parameters ?? []) as ParameterObject[];
  const secured = (operation.security ?? []).length > 0;
  const route = path.replace(/\{([^}]+)\}/g, ':$1');
  const isApi = path.startsWith('/api/');
  const codes = new Map<number, ErrorCode[]>();
  const add = (...more: ErrorCode[]) => {
    for (const code of more)
      codes.set(ERROR_STATUS[code], [...(codes.get(ERROR_STATUS[code]) ?? []), code]);
  };
  if (isApi && (parameters.length > 0 || operation.requestBody)) add(ErrorCode.VALIDATION_FAILED);
  if (secured) {
    add(
      ErrorCode.AUTHENTICATION_REQUIRED,
      ErrorCode.INVALID_TOKEN,
      ErrorCode.TOKEN_EXPIRED,
      ErrorCode.TOKEN_REVOKED,
    );
    add(ErrorCode.INSUFFICIENT_PERMISSIONS);
  }
  if (parameters.some((parameter) => parameter.in === 'path')) add(ErrorCode.NOT_FOUND);
  if (operation.requestBody) add(ErrorCode.PAYLOAD_TOO_LARGE, ErrorCode.UNSUPPORTED_MEDIA_TYPE);
  if (isRateLimitedRoute(route)) add(ErrorCode.RATE_LIMIT_EXCEEDED);
  add(ErrorCode.INTERNAL_ERROR);
  if (!PROBE_ROUTES.has(route)) add(ErrorCode.SHUTTING_DOWN);
  if (isApi) add(ErrorCode.SERVICE_UNAVAILABLE);
  return codes;
}

function headersFor(status: number, rateLimited: boolean): ResponseHeaderName[] {
  const names: ResponseHeaderName[] = ['X-Request-Id'];
  if (status === 429 || status === 423 || status === 503) names.push('Retry-After');
  if (status === 429 && rateLimited) names.push(...RATE_LIMIT_HEADERS);
  return names;
}

function errorResponse(
  status: number,
  codes: ErrorCode[],
  declared: string | undefined,
  rateLimited: boolean,
): ResponseObject {
  const description = declared ?? `${STATUS_TEXT[status] ?? 'Error'}: ${codes.join(', ')}`;
  const media =
    codes.length === 1
      ? { schema: { $ref: ERROR_ENVELOPE_REF }, example: exampleEnvelope(codes[0], declared) }
      : {
          schema: { $ref: ERROR_ENVELOPE_REF },
          examples: Object.fromEntries(
            codes.map((code) => [code, { summary: code, value: exampleEnvelope(code, declared) }]),
          ),
        };
  return {
    description,
    headers: headerRefs(...headersFor(status, rateLimited)),
    content: { 'application/json': media },
  };
}

/**
 * Gives every operation every error answer it can give, each with the ErrorEnvelope schema, an
 * example per code and its headers. What a handler declares (`@ApiConflictResponse({ description:
 * 'CONFLICT: …' })`) keeps its text, and the codes it names are the response's codes; the
 * rest follows from the route: input → 400, a token → 401/403, a path id → 404, a body →
 * 413/415, the rate limiter → 429, any route → 500, the shutdown gate and the dependencies → 503.
 * Success answers get X-Request-Id and, on rate-limited routes, the X-RateLimit-* headers.
 */
export function addErrorResponses(document: OpenAPIObject): void {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const operation of Object.values(item) as OperationObject[]) {
      if (!operation || typeof operation !== 'object' || !operation.responses) continue;
      const rateLimited = isRateLimitedRoute(path.replace(/\{([^}]+)\}/g, ':$1'));
      const inferred = inferredCodes({ path, operation });
      const statuses = new Set([
        ...inferred.keys(),
        ...Object.keys(operation.responses)
          .map(Number)
          .filter((status) => status >= 400),
      ]);
      for (const status of [...statuses].sort((a, b) => a - b)) {
        const declared = operation.responses[status] as
          ResponseObject | ReferenceObject | undefined;
        if (declared && '$ref' in declared) continue;
        if (declared?.content) {
          // Complete already (/health's 503 has the readiness body); it still carries the id.
          declared.headers = { ...headerRefs('X-Request-Id'), ...declared.headers };
          continue;
        }
        const named = declared ? codesNamedIn(declared.description) : [];
        const codes = named.length > 0 ? named : (inferred.get(status) ?? [defaultCode(status)]);
        operation.responses[status] = errorResponse(
          status,
          codes,
          declared?.description,
          rateLimited,
        );
      }
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) >= 400 || !response || '$ref' in response) continue;
        const names: ResponseHeaderName[] = ['X-Request-Id'];
        if (rateLimited) names.push(...RATE_LIMIT_HEADERS);
        response.headers = { ...headerRefs(...names), ...response.headers };
      }
    }
  }
}

function defaultCode(status: number): ErrorCode {
  return ALL_CODES.find((code) => ERROR_STATUS[code] === status) ?? ErrorCode.INTERNAL_ERROR;
}
