/** A dependency the app connects to, named as an operator knows it. */
export interface Dependency {
  /** PostgreSQL, Redis, RabbitMQ. */
  service: string;
  /** The variable that holds its address. */
  variable: string;
  url: string;
}

const DEFAULT_PORTS: Record<string, string> = {
  'postgres:': '5432',
  'postgresql:': '5432',
  'redis:': '6379',
  'rediss:': '6379',
  'amqp:': '5672',
  'amqps:': '5671',
};

/** `host:port` of a connection URL, without credentials. */
export function addressOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || DEFAULT_PORTS[parsed.protocol] || '?'}`;
}

const REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found (DNS lookup failed)',
  ETIMEDOUT: 'timed out',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EADDRINUSE: 'address already in use',
  EACCES: 'permission denied',
  EADDRNOTAVAIL: 'address not available on this machine',
};

/** A short reason for a connection error ("connection refused"), else its own message. */
export function reasonOf(error: unknown): string {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  if (code && REASONS[code]) return REASONS[code];
  const aggregate = (error as { errors?: unknown[] })?.errors;
  if (Array.isArray(aggregate) && aggregate.length > 0) return reasonOf(aggregate[0]);
  return message || String(error);
}

/** `cannot reach PostgreSQL at 127.0.0.1:5999 (DATABASE_URL): connection refused` */
export function unreachable(dependency: Dependency, error: unknown): string {
  return `cannot reach ${dependency.service} at ${addressOf(dependency.url)} (${dependency.variable}): ${reasonOf(error)}`;
}
