import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { buildOpenApiDocument } from '../bootstrap/swagger';
import { createApp } from '../bootstrap/create-app';
import { loadConfig } from '../config/app-config';

/** Writes the OpenAPI document the running app serves at /docs/json, for linting in CI. */
async function main(): Promise<void> {
  const target = process.argv[2] ?? 'openapi.json';
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', SEED_DEMO: 'false' });
  const app = await createApp(config);
  try {
    writeFileSync(target, JSON.stringify(buildOpenApiDocument(app), null, 2));
    console.info(`OpenAPI document written to ${target}`);
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
