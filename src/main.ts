import 'reflect-metadata';
import { createApp } from './bootstrap/create-app';
import { serve } from './bootstrap/serve';
import { AppConfig, loadConfig } from './config/app-config';
import { ConfigError } from './config/env-parsers';

function readConfigOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const config = readConfigOrExit();
  const app = await createApp(config);
  await serve(app, config);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
