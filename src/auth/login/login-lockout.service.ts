import { Inject, Injectable, Logger } from '@nestjs/common';
import { normalizeIp } from '@nestjs/throttler';
import { createHash } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { RedisService } from '../../infrastructure/redis/redis.service';
import { OutageReport } from '../../infrastructure/resilience/outage-report';

/**
 * State of one login subject, in one hash (KEYS[1]) plus the set of addresses that failed in the
 * account-wide window (KEYS[2]). Fields: `f:<ip>` = "count,windowEndMs" and `l:<ip>` = lockEndMs
 * per address; `F` = "count,windowEndMs" and `L` = lockEndMs for the whole account. Times are
 * Redis server time, so instances with skewed clocks agree.
 */
const NOW_LUA = `local t = redis.call('TIME') local now = t[1] * 1000 + math.floor(t[2] / 1000)`;

/** ARGV[1] = ip. Returns the milliseconds left of the longest lock covering (subject, ip), or 0. */
const LOCKED_FOR_LUA = `${NOW_LUA}
local lockEnd = math.max(tonumber(redis.call('HGET', KEYS[1], 'l:' .. ARGV[1])) or 0,
                         tonumber(redis.call('HGET', KEYS[1], 'L')) or 0)
if lockEnd > now then return lockEnd - now end
return 0`;

/**
 * Counts one failure of (subject, ARGV[1] = ip). ARGV: 2 per-address limit, 3 lock ms, 4 window
 * ms, 5 account-wide limit, 6 distinct addresses the account-wide lock needs. Attempts during a
 * lock are not counted. Returns 1 when this failure locked the address, 2 the account, else 0.
 */
const RECORD_FAILURE_LUA = `${NOW_LUA}
local ip, perAddress, lockMs, windowMs = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local accountMax, minAddresses = tonumber(ARGV[5]), tonumber(ARGV[6])
local function locked(field) return (tonumber(redis.call('HGET', KEYS[1], field)) or 0) > now end
if locked('l:' .. ip) or locked('L') then return 0 end
local function bump(field)
  local count, windowEnd = 0, now + windowMs
  local stored = redis.call('HGET', KEYS[1], field)
  if stored then
    local c, w = string.match(stored, '^(%d+),(%d+)$')
    if tonumber(w) > now then count, windowEnd = tonumber(c), tonumber(w) end
  end
  return count + 1, windowEnd
end
local result = 0
local count, windowEnd = bump('f:' .. ip)
if count >= perAddress then
  redis.call('HSET', KEYS[1], 'l:' .. ip, now + lockMs)
  redis.call('HDEL', KEYS[1], 'f:' .. ip)
  result = 1
else
  redis.call('HSET', KEYS[1], 'f:' .. ip, count .. ',' .. windowEnd)
end
local total, accountWindowEnd = bump('F')
if total == 1 then redis.call('DEL', KEYS[2]) end
redis.call('SADD', KEYS[2], ip)
redis.call('PEXPIREAT', KEYS[2], accountWindowEnd)
if total >= accountMax and redis.call('SCARD', KEYS[2]) >= minAddresses then
  redis.call('HSET', KEYS[1], 'L', now + lockMs)
  redis.call('HDEL', KEYS[1], 'F')
  redis.call('DEL', KEYS[2])
  result = 2
else
  redis.call('HSET', KEYS[1], 'F', total .. ',' .. accountWindowEnd)
end
redis.call('PEXPIRE', KEYS[1], math.max(lockMs, windowMs))
return result`;

export interface LockoutRules {
  /** Failures from one address, within `windowSeconds`, that lock that address out. */
  maxFailures: number;
  lockSeconds: number;
  windowSeconds: number;
  /** Failures from all addresses, within the window, that lock the account for everyone… */
  accountMaxFailures: number;
  /** …provided they came from at least this many distinct addresses. */
  accountMinAddresses: number;
}

/**
 * The login lockout (docs/decisions.md, 'Lockout per (account, client address)'), the same for real
 * accounts and for names without one, so a lock never tells which exist: failures are counted per
 * (subject, client address) — LOGIN_MAX_FAILURES within LOGIN_FAILURE_WINDOW_SECONDS lock that
 * address out for LOGIN_LOCK_SECONDS — and per subject, where LOGIN_ACCOUNT_MAX_FAILURES from at
 * least LOGIN_ACCOUNT_MIN_ADDRESSES distinct addresses lock every address. A stranger's guesses
 * therefore lock the stranger, not the owner logging in from elsewhere. IPv6 addresses count per
 * /64, as in the rate limiter. State lives in Redis (shared by all instances, expiring by itself);
 * with Redis away nothing locks (the failure is logged once) — like the rate limiter, the lockout
 * fails open.
 */
@Injectable()
export class LoginLockout {
  private readonly logger = new Logger('auth');
  private readonly rules: LockoutRules;
  private readonly redisOutage = new OutageReport(this.logger, {
    unavailable: (error) => `login lockout suspended, Redis unavailable: ${error.message}`,
  });

  constructor(
    private readonly redis: RedisService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.rules = config.login;
  }

  /** The subject of a real account or table. */
  static accountSubject(kind: 'users' | 'tables', id: number): string {
    return `${kind}:${id}`;
  }

  /** The subject of a login name with no account behind it; hashed, so keys carry no input. */
  static nameSubject(name: string): string {
    return `name:${createHash('sha256').update(name).digest('base64url')}`;
  }

  /** Milliseconds until (subject, ip) may try again; 0 when it is not locked. */
  async lockedForMs(subject: string, ip: string): Promise<number> {
    const keys = keysOf(subject);
    return ((await this.call(() =>
      this.redis.client.eval(LOCKED_FOR_LUA, 2, keys.state, keys.addresses, address(ip)),
    )) ?? 0) as number;
  }

  async recordFailure(subject: string, ip: string): Promise<void> {
    const keys = keysOf(subject);
    const { maxFailures, lockSeconds, windowSeconds, accountMaxFailures, accountMinAddresses } =
      this.rules;
    const outcome = await this.call(() =>
      this.redis.client.eval(
        RECORD_FAILURE_LUA,
        2,
        keys.state,
        keys.addresses,
        address(ip),
        maxFailures,
        lockSeconds * 1000,
        windowSeconds * 1000,
        accountMaxFailures,
        accountMinAddresses,
      ),
    );
    if (outcome === 2) {
      this.logger.warn(
        `login subject ${subject.startsWith('name:') ? 'without an account' : subject} locked for every address: ${accountMaxFailures} failures from ${accountMinAddresses}+ addresses`,
      );
    }
  }

  /** A success forgets that address's failures (not the account-wide count). */
  async recordSuccess(subject: string, ip: string): Promise<void> {
    await this.call(() => this.redis.client.hdel(keysOf(subject).state, `f:${address(ip)}`));
  }

  /** Lifts every lock and count of the subject (its password was just replaced). */
  async lift(subject: string): Promise<void> {
    const keys = keysOf(subject);
    await this.call(() => this.redis.client.del(keys.state, keys.addresses));
  }

  private async call<T>(command: () => Promise<T>): Promise<T | null> {
    try {
      const result = await command();
      this.redisOutage.succeeded();
      return result;
    } catch (error) {
      this.redisOutage.failed(error as Error);
      return null;
    }
  }
}

function keysOf(subject: string): { state: string; addresses: string } {
  return { state: `login:{${subject}}`, addresses: `login:{${subject}}:addresses` };
}

function address(ip: string): string {
  return normalizeIp(ip);
}
