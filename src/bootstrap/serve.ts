import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { GracefulShutdown } from '../common/lifecycle/graceful-shutdown.service';
import { AppConfig } from '../config/app-config';
import { effectiveConfig } from '../config/effective-config';
import { cannotListen } from './preflight';

/** After the drain, closing pools, broker and streams gets this long before the process gives up. */
const CLOSE_TIMEOUT_MS = 10_000;
const SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

/**
 * Listens, and on SIGTERM/SIGINT stops gracefully: drain (readiness 503, requests served with
 * `Connection: close` for the drain delay, then new requests get 503 SHUTTING_DOWN while the
 * in-flight ones finish), then `app.close()` runs every module's onModuleDestroy /
 * beforeApplicationShutdown hook, closes the listener and the idle connections, runs the
 * onApplicationShutdown hooks, then the process exits 0. A second signal, or a close that hangs, exits 1.
 */
export async function serve(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const logger = new Logger('lifecycle');
  let stopping = false;

  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) {
      logger.warn(`${signal} received again: exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    logger.log(`${signal} received: shutting down`);
    const unfinished = await app.get(GracefulShutdown).drain();
    if (unfinished > 0) app.getHttpAdapter().getInstance().server.closeAllConnections();
    const giveUp = setTimeout(() => {
      logger.error(`shutdown: closing resources took over ${CLOSE_TIMEOUT_MS} ms; exiting`);
      process.exit(1);
    }, CLOSE_TIMEOUT_MS);
    giveUp.unref();
    await app.close();
    logger.log('shutdown complete');
    process.exit(0);
  };

  for (const signal of SIGNALS) {
    process.on(signal, () => {
      stop(signal).catch((error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
    });
  }
  try {
    await app.listen(config.port, config.host);
  } catch (error) {
    // Taken since preflight looked.
    throw cannotListen(config, error);
  }
  const url = await app.getUrl();
  // The port actually bound: PORT=0 asks the system for any free one.
  const { port } = app.getHttpServer().address() as AddressInfo;
  // The /docs URL only where /docs is served (DOCS_ENABLED; off by default in production).
  const docs = config.docs.enabled ? { docs_url: `${url}/docs` } : {};
  logger.log(
    { config: { ...effectiveConfig(config), port }, ...docs },
    `started: listening on ${url}`,
  );
}
