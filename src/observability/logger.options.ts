import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import { stdSerializers } from 'pino';
import { AppConfig } from '../config/app-config';

/** Paths whose successful requests are not logged at info (probes and scrapes). */
const QUIET_PATHS = new Set(['/health', '/health/live', '/metrics']);

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

function pathOf(url: string | undefined): string {
  const value = url ?? '/';
  const queryStart = value.indexOf('?');
  return queryStart === -1 ? value : value.slice(0, queryStart);
}

/** Query strings can carry single-use tickets: log the path and parameter names only. */
function safeUrl(url: string | undefined): string {
  const value = url ?? '/';
  const queryStart = value.indexOf('?');
  if (queryStart === -1) return value;
  const names = new URLSearchParams(value.slice(queryStart + 1));
  return `${pathOf(value)}?${[...names.keys()].map((name) => `${name}=[REDACTED]`).join('&')}`;
}

export function loggerOptions(config: AppConfig): Params {
  return {
    renameContext: 'module',
    pinoHttp: {
      level: config.logLevel,
      messageKey: 'message',
      timestamp: () => `,"timestamp":"${new Date().toISOString()}"`,
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => {
          if (!('err' in object)) return object;
          const { err, ...rest } = object;
          return { ...rest, exception: err };
        },
      },
      serializers: {
        exception: stdSerializers.err,
        req: (req: IncomingMessage & { id?: string }) => ({
          method: req.method,
          url: safeUrl(req.url),
        }),
        res: (res: ServerResponse) => ({ status_code: res.statusCode }),
      },
      redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
      genReqId: (req) => (req as IncomingMessage & { id?: string }).id ?? 'unknown',
      quietReqLogger: true,
      customAttributeKeys: { reqId: 'request_id', responseTime: 'duration_ms' },
      // Inside Nest's middleware chain req.url is relative to the mount point; originalUrl is whole.
      autoLogging: {
        ignore: (req) =>
          QUIET_PATHS.has(pathOf((req as IncomingMessage & { originalUrl?: string }).originalUrl)),
      },
      customLogLevel: (_req, res, error) => {
        if (error || res.statusCode >= 500) return 'error';
        if (res.statusCode >= 400) return 'warn';
        return 'info';
      },
      customSuccessMessage: (req, res) => `${req.method} ${pathOf(req.url)} ${res.statusCode}`,
      customErrorMessage: (req, res) => `${req.method} ${pathOf(req.url)} ${res.statusCode}`,
    },
  };
}
