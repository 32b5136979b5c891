import fastifyMultipart from '@fastify/multipart';
import type { NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppModule } from '../app.module';
import { REQUEST_ID_HEADER, requestIdFor } from '../common/http/request-id';
import { InFlightRequests } from '../common/lifecycle/in-flight-requests.service';
import { installRequestGate } from '../common/lifecycle/request-gate';
import { ShutdownState } from '../common/lifecycle/shutdown-state.service';
import { AppConfig } from '../config/app-config';
import { installHttpObservability } from '../observability/http-observability';
import { MetricsService } from '../common/metrics/metrics.service';
import { installRequestLogContext } from '../observability/request-log-context';
import { startupLogger } from '../observability/startup-logger';
import { answerClientError, answerFrameworkError } from './fastify-errors';
import { configureHttpSecurity } from './http-security';
import { installJsonBodyParser, installRouteBodyLimits } from './json-body-parser';
import { setupSwagger } from './swagger';

/** Keep-alive above the ALB's 60 s idle timeout, so the ALB (not us) closes idle connections. */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;
const HEADERS_TIMEOUT_MS = 66_000;
const JSON_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Nest logs in JSON from its first line (startupLogger); JSON bodies go through
 * installJsonBodyParser, not Nest's own parser; an error while the modules start is thrown to the
 * caller (main.ts reports it in one line) instead of Nest aborting the process.
 */
export function nestAppOptions(
  config: AppConfig,
  logDestination?: DestinationStream,
): NestApplicationOptions {
  return {
    logger: startupLogger(config, logDestination),
    bodyParser: false,
    abortOnError: false,
  };
}

export interface CreateAppOptions {
  /** Where the JSON log lines go instead of stdout (tests capture them). */
  logDestination?: DestinationStream;
}

export function createFastifyAdapter(config: AppConfig): FastifyAdapter {
  return new FastifyAdapter({
    genReqId: requestIdFor,
    requestIdHeader: false,
    trustProxy: config.trustProxy,
    bodyLimit: JSON_BODY_LIMIT_BYTES,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
    // The shutdown gate answers late requests in the error envelope (src/common/lifecycle).
    return503OnClosing: false,
  });
}

/**
 * Everything an application needs around its modules: the pino logger, the global Fastify
 * hooks (request id, shutdown gate, metrics + request log, CORS, security headers), the API
 * docs; then init.
 * The hooks run in this order for every request, before any Nest guard or middleware.
 */
export async function initializeApp(
  app: NestFastifyApplication,
  config: AppConfig,
): Promise<NestFastifyApplication> {
  app.useLogger(app.get(Logger));

  const adapter = app.getHttpAdapter() as FastifyAdapter;
  const fastify = adapter.getInstance();
  installRequestLogContext(fastify);
  // The adapter's own first hook, ahead of its CORS hook: a preflight answer carries the id too.
  adapter.setOnRequestHook((request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  installRequestGate(fastify, app.get(ShutdownState), app.get(InFlightRequests));
  installHttpObservability(fastify, config.metrics.httpEnabled ? app.get(MetricsService) : null);
  installJsonBodyParser(fastify);
  installRouteBodyLimits(fastify);
  fastify.server.headersTimeout = HEADERS_TIMEOUT_MS;
  // Uploads are streamed (request.file()); the file limit is enforced while streaming.
  await app.register(fastifyMultipart, {
    limits: {
      fileSize: config.uploads.maxBytes,
      files: 1,
      fields: 4,
      fieldSize: 1024,
      parts: 5,
      headerPairs: 50,
    },
  });

  configureHttpSecurity(app, config);
  if (config.docs.enabled) setupSwagger(app);
  await app.init();
  return app;
}

/** Builds the fully configured application (used by main.ts and by every e2e test). */
export async function createApp(
  config: AppConfig,
  options: CreateAppOptions = {},
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, options.logDestination),
    createFastifyAdapter(config),
    nestAppOptions(config, options.logDestination),
  );
  return initializeApp(app, config);
}
