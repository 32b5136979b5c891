import { isIP } from 'node:net';
import { ConfigError, Env, readOptionalString } from './env-parsers';

/**
 * Fastify's `trustProxy`: `false` (the socket's peer is the client), `true` (the left-most
 * X-Forwarded-For entry, which any client can forge), a hop count (trust that many proxies from
 * the socket inwards: the client is the entry that many hops back), or the addresses and CIDR
 * ranges of trusted proxies (the client is the right-most entry not among them).
 */
export type TrustProxy = boolean | number | string[];

const MAX_HOPS = 10;
/** Names proxy-addr (Fastify's implementation) accepts for well-known ranges. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrRange(value: string): boolean {
  if (NAMED_RANGES.has(value)) return true;
  const [address, prefix, extra] = value.split('/');
  const version = isIP(address);
  if (version === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (version === 4 ? 32 : 128);
}

export function readTrustProxy(env: Env, name: string): TrustProxy {
  const value = readOptionalString(env, name);
  if (value === undefined || value.toLowerCase() === 'false') return false;
  if (value.toLowerCase() === 'true') return true;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops < 1 || hops > MAX_HOPS) {
      throw new ConfigError(name, `as a hop count must be between 1 and ${MAX_HOPS}, got ${hops}`);
    }
    return hops;
  }
  const ranges = value.split(',').map((item) => item.trim());
  const invalid = ranges.find((range) => !isAddressOrRange(range));
  if (invalid !== undefined) {
    throw new ConfigError(
      name,
      `must be false, true, a hop count or comma-separated IP addresses / CIDR ranges, got "${invalid}"`,
    );
  }
  return ranges;
}
