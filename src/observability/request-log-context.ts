import type { FastifyInstance } from 'fastify';
import { PinoLogger } from 'nestjs-pino';
import { storage, Store } from 'nestjs-pino/storage';
import type { Level, Logger } from 'pino';

/**
 * nestjs-pino's request store with a lazy logger: the child carrying request_id is built the
 * first time something logs while serving the request (most requests log nothing below the
 * configured level). Its shape is nestjs-pino's `Store`; `PinoLogger.assign` replaces `logger`.
 */
class LazyRequestLogStore implements Store {
  private child?: Logger;
  responseLogger?: Logger;

  constructor(private readonly requestId: string) {}

  get logger(): Logger {
    // PinoLogger.root is pino-http's logger, set by LoggerModule when the app initialises.
    this.child ??= PinoLogger.root.child({ request_id: this.requestId });
    return this.child;
  }

  set logger(logger: Logger) {
    this.child = logger;
  }
}

let lineLogger: { root: Logger; logger: Logger } | undefined;

/**
 * The logger of the request log lines (one per request, written by the onResponse hook with
 * the request_id in the line itself), or undefined when `level` is off. A child of the root
 * built once, not one per request, and without redaction: a request line carries only the
 * fields the hook puts in it, the URL already stripped of query values (safeUrl), so the redact
 * pass every other line goes through would find nothing. Rebuilt when the root changes (each
 * application initialises its own; tests start several in one process).
 */
export function requestLineLogger(level: Level): Logger | undefined {
  const root = PinoLogger.root;
  if (lineLogger?.root !== root) {
    lineLogger = { root, logger: root.child({ module: 'http' }, { redact: { paths: [] } }) };
  }
  return lineLogger.logger.isLevelEnabled(level) ? lineLogger.logger : undefined;
}

/**
 * Replaces nestjs-pino's per-request middleware (pino-http plus its AsyncLocalStorage binding,
 * registered for no route in logger-options.ts): one onRequest hook enters nestjs-pino's store,
 * so every later hook, the body parser (Fastify binds its completion to the async context it
 * started in) and the handler log through it. Must be the first onRequest hook.
 */
export function installRequestLogContext(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    storage.run(new LazyRequestLogStore(request.id), done);
  });
}
