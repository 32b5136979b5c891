import 'reflect-metadata';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from '../app.module';
import { buildOpenApiDocument } from '../bootstrap/swagger';
import { loadConfig } from '../config/app-config';

/**
 * Writes the OpenAPI document the app serves at /docs/json (`npm run openapi:export`, default
 * openapi.json) without connecting to anything: a preview application reads the modules,
 * controllers and decorators, and instantiates no provider, so PostgreSQL, Redis and RabbitMQ
 * may all be absent.
 */
export async function renderOpenApi(): Promise<string> {
  const config = loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'silent', SEED_DEMO: 'false' });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    new FastifyAdapter(),
    { preview: true, logger: false, abortOnError: false },
  );
  try {
    return `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`;
  } finally {
    await app.close();
  }
}

/** `export-openapi.js [file] [--check]`: write the document, or fail when the file differs. */
async function main(args: string[]): Promise<void> {
  const check = args.includes('--check');
  const target = args.find((arg) => !arg.startsWith('--')) ?? 'openapi.json';
  const rendered = await renderOpenApi();
  if (!check) {
    writeFileSync(target, rendered);
    console.info(`OpenAPI document written to ${target}`);
    return;
  }
  const committed = existsSync(target) ? readFileSync(target, 'utf8') : '';
  if (committed !== rendered) {
    console.error(
      `${target} is not the document the code serves at /docs/json: run npm run openapi:export and commit it`,
    );
    process.exit(1);
  }
  console.info(`${target} is current`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
