import type { FastifyInstance, FastifyRequest } from 'fastify';
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

const kLogStore = Symbol('requestLogStore');
type RequestWithLogStore = FastifyRequest & { [kLogStore]?: LazyRequestLogStore };

/**
 * The logger carrying the request's request_id, for hooks that run outside the request's async
 * context; undefined when `level` is off (checked on the root, so no child is built for nothing).
 */
export function requestLoggerAt(request: FastifyRequest, level: Level): Logger | undefined {
  if (!PinoLogger.root.isLevelEnabled(level)) return undefined;
  return (request as RequestWithLogStore)[kLogStore]?.logger;
}

/**
 * Replaces nestjs-pino's per-request middleware (pino-http plus its AsyncLocalStorage binding,
 * registered for no route in logger-options.ts): one onRequest hook enters nestjs-pino's store,
 * so every later hook, the body parser (Fastify binds its completion to the async context it
 * started in) and the handler log through it. Must be the first onRequest hook.
 */
export function installRequestLogContext(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    const store = new LazyRequestLogStore(request.id);
    (request as RequestWithLogStore)[kLogStore] = store;
    storage.run(store, done);
  });
}
