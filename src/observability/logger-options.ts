import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';
import { DestinationStream, stdSerializers } from 'pino';
import { AppConfig } from '../config/app-config';
import { loggedQueryError } from '../common/errors/postgres-error';
import { safeUrl } from './http-observability';

/** Values that must never reach a log line, wherever they appear. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["idempotency-key"]',
  'password',
  '*.password',
  'access_token',
  '*.access_token',
  'ticket',
  '*.ticket',
  'token',
  '*.token',
];

/** An error with its stack; a failed statement by its query name and SQLSTATE only. */
const serializeException = (error: Error) => loggedQueryError(error) ?? stdSerializers.err(error);

/**
 * The shape of every line: `{"level","timestamp",...,"message"}`, errors (logged as `err`) under
 * `exception`. The serializer is keyed `exception`: pino runs serializers after the `log`
 * formatter has renamed the key.
 */
export function jsonLineOptions(level: string) {
  return {
    level,
    messageKey: 'message',
    serializers: { exception: serializeException },
    timestamp: () => `,"timestamp":"${new Date().toISOString()}"`,
    formatters: {
      level: (label: string) => ({ level: label }),
      log: (object: Record<string, unknown>) => {
        if (!('err' in object)) return object;
        const { err, ...rest } = object;
        return { ...rest, exception: err };
      },
    },
  };
}

/**
 * JSON lines: timestamp, level, message, module, request_id (every line logged while serving a
 * request), exception with stack on errors (a failed statement by its query name and SQLSTATE
 * only: no parameters, no driver error). The request log line itself is written by the
 * onResponse hook in http-observability.ts (it knows the route template and the principal).
 * nestjs-pino's middleware is registered for no route (`forRoutes: []`): per request it would
 * build pino-http's child loggers (serialising and redacting `req` even with request logging
 * off) and dispatch through middie. request-log-context.ts enters nestjs-pino's request store
 * from one Fastify hook instead; pino-http's logger (built here all the same, PinoLogger.root)
 * stays the parent of every request logger. `destination` defaults to stdout.
 */
export function loggerOptions(config: AppConfig, destination?: DestinationStream): Params {
  const options = {
    ...jsonLineOptions(config.logLevel),
    serializers: {
      exception: serializeException,
      req: (req: IncomingMessage) => ({ method: req.method, url: safeUrl(req.url ?? '/') }),
    },
    redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
    genReqId: (req: IncomingMessage) => (req as IncomingMessage & { id?: string }).id ?? 'unknown',
    quietReqLogger: true,
    quietResLogger: true,
    customAttributeKeys: { reqId: 'request_id' },
    autoLogging: false,
  };
  return {
    renameContext: 'module',
    forRoutes: [],
    pinoHttp: destination ? [options, destination] : options,
  };
}
