import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { RedisService } from '../../infrastructure/redis/redis.service';

/**
 * A real account's count lasts until its next success; a name without an account can have none,
 * so its count is forgotten a day after its first failure.
 */
const FAILURE_MEMORY_SECONDS = 86_400;

/**
 * Counts one failure of a name with no account; the `ARGV[1]`-th replaces the count with a lock
 * of `ARGV[2]` seconds. Attempts during the lock are not counted.
 */
const RECORD_FAILURE_LUA = `
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
local failures = redis.call('INCR', KEYS[1])
if failures == 1 then redis.call('EXPIRE', KEYS[1], ARGV[3]) end
if failures >= tonumber(ARGV[1]) then
  redis.call('SET', KEYS[2], '1', 'EX', ARGV[2])
  redis.call('DEL', KEYS[1])
end
return failures`;

/**
 * The lockout of names that have no account (unknown store, user or table), kept in Redis so it
 * needs no row: after LOGIN_MAX_FAILURES failures such a name answers 423 ACCOUNT_LOCKED like a
 * real account would, so the lockout does not reveal which accounts exist. Redis away: no lock.
 */
@Injectable()
export class UnknownAccountLockout {
  private readonly logger = new Logger('auth');
  private readonly maxFailures: number;
  private readonly lockSeconds: number;

  constructor(
    private readonly redis: RedisService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.maxFailures = config.login.maxFailures;
    this.lockSeconds = config.login.lockSeconds;
  }

  /** When the lock of this name ends, or null when it is not locked. */
  async lockedUntil(name: string): Promise<Date | null> {
    try {
      const remainingMs = await this.redis.client.pttl(keysOf(name).lock);
      return remainingMs > 0 ? new Date(Date.now() + remainingMs) : null;
    } catch (error) {
      this.logger.debug(`unknown-account lockout unavailable: ${(error as Error).message}`);
      return null;
    }
  }

  async recordFailure(name: string): Promise<void> {
    const keys = keysOf(name);
    try {
      await this.redis.client.eval(
        RECORD_FAILURE_LUA,
        2,
        keys.failures,
        keys.lock,
        this.maxFailures,
        this.lockSeconds,
        FAILURE_MEMORY_SECONDS,
      );
    } catch (error) {
      this.logger.debug(`unknown-account lockout unavailable: ${(error as Error).message}`);
    }
  }
}

/** The name is hashed: keys stay short and carry no user input. */
function keysOf(name: string): { failures: string; lock: string } {
  const digest = createHash('sha256').update(name).digest('base64url');
  return { failures: `login_failures:${digest}`, lock: `login_lock:${digest}` };
}
