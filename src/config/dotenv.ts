import { existsSync } from 'node:fs';

/**
 * Reads `.env` from the working directory into process.env when the file exists, with Node's
 * own parser (process.loadEnvFile). A variable already set in the environment, even to an empty
 * value, wins over the file. Returns whether a file was read.
 */
export function loadDotEnv(path = '.env'): boolean {
  if (!existsSync(path)) return false;
  process.loadEnvFile(path);
  return true;
}
