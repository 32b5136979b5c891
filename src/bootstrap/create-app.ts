import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppModule } from '../app.module';
import { REQUEST_ID_HEADER, requestIdFor } from '../common/http/request-id';
import { AppConfig } from '../config/app-config';
import { setupSwagger } from './swagger';

/** Keep-alive above the ALB's 60 s idle timeout, so the ALB (not us) closes idle connections. */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;
const HEADERS_TIMEOUT_MS = 66_000;
const JSON_BODY_LIMIT_BYTES = 1024 * 1024;

/** Builds the fully configured application (used by main.ts and by every e2e test). */
export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    genReqId: requestIdFor,
    requestIdHeader: false,
    trustProxy: config.trustProxy,
    bodyLimit: JSON_BODY_LIMIT_BYTES,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.flushLogs();

  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  fastify.server.headersTimeout = HEADERS_TIMEOUT_MS;

  setupSwagger(app);
  await app.init();
  return app;
}
