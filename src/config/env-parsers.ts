/** Small, strict readers for environment variables. Each throws a ConfigError naming the variable. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`Invalid configuration: ${variable} ${reason}`);
    this.name = 'ConfigError';
  }
}

export type Env = Record<string, string | undefined>;

function raw(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

export function readString(env: Env, name: string, fallback: string): string {
  return raw(env, name) ?? fallback;
}

export function readOptionalString(env: Env, name: string): string | undefined {
  return raw(env, name);
}

export function readInt(
  env: Env,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  if (!/^-?\d+$/.test(value)) throw new ConfigError(name, `must be an integer, got "${value}"`);
  const parsed = Number(value);
  if (parsed < min || parsed > max) {
    throw new ConfigError(name, `must be between ${min} and ${max}, got ${parsed}`);
  }
  return parsed;
}

/** An integer in [min, max], or undefined when the variable is unset. */
export function readOptionalInt(
  env: Env,
  name: string,
  min: number,
  max: number,
): number | undefined {
  return raw(env, name) === undefined ? undefined : readInt(env, name, min, min, max);
}

export function readBool(env: Env, name: string, fallback: boolean): boolean {
  const value = raw(env, name)?.toLowerCase();
  if (value === undefined) return fallback;
  if (['true', '1', 'yes'].includes(value)) return true;
  if (['false', '0', 'no'].includes(value)) return false;
  throw new ConfigError(name, `must be true or false, got "${value}"`);
}

export function readEnum<T extends string>(
  env: Env,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${value}"`);
  }
  return value as T;
}

export function readUrl(env: Env, name: string, fallback: string, protocols: string[]): string {
  const value = raw(env, name) ?? fallback;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(name, 'must be a valid URL');
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')}, got "${url.protocol}"`);
  }
  return value;
}

/**
 * A connection URL whose password may come from its own variable (`passwordName`), so an
 * orchestrator can inject the password from a secret store while the URL stays a plain setting.
 * The separate password wins over one inside the URL and is percent-encoded into it.
 */
export function readUrlWithPassword(
  env: Env,
  name: string,
  passwordName: string,
  fallback: string,
  protocols: string[],
): string {
  const value = readUrl(env, name, fallback, protocols);
  const password = raw(env, passwordName);
  if (password === undefined) return value;
  const url = new URL(value);
  if (!url.username) throw new ConfigError(name, `needs a user name when ${passwordName} is set`);
  url.password = password;
  return url.toString();
}

export function readList(env: Env, name: string, fallback: string[]): string[] {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/** Comma-separated browser origins, each exactly `scheme://host[:port]` (http or https). */
export function readOrigins(env: Env, name: string, fallback: string[]): string[] {
  const origins = readList(env, name, fallback);
  for (const origin of origins) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.origin !== origin) {
      throw new ConfigError(name, `must list origins as scheme://host[:port], got "${origin}"`);
    }
  }
  return origins;
}
