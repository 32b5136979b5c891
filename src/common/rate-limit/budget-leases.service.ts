import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { RedisThrottlerStorage } from './redis-throttler-storage.service';

/** How long an instance may spend a lease's slots; the rest then go back to the window. */
export const LEASE_HOLD_MS = 500;
/** The most slots one lease reserves. */
export const LEASE_MAX_SLOTS = 8;

/** The answer to one request counted against a leased budget. */
export interface LeasedCount {
  admitted: boolean;
  /** What Redis said remained at the lease minus the slots spent since, never negative. */
  remaining: number;
  /** Until the oldest entry leaves the window (the next slot frees), whole seconds, at least 1. */
  secondsUntilSlot: number;
}

interface Lease {
  key: string;
  /** Reserved slots not spent yet (their members in the window's sorted set). */
  unspent: string[];
  remainingBefore: number;
  spent: number;
  /** Consecutive leases used up within the hold time, this one's predecessors. */
  streak: number;
  /** performance.now() when the lease arrived: no slot is spent later than this + hold. */
  grantedAt: number;
  /** performance.now() when the oldest entry of the window leaves it. */
  slotFreesAt: number;
  expiry: NodeJS.Timeout;
}

type Refusal = Omit<LeasedCount, 'admitted'> & { admitted: false };

function secondsUntil(at: number, now: number): number {
  return Math.max(1, Math.ceil((at - now) / 1000));
}

/**
 * The general limit of a principal counted without a Redis call per request (see
 * docs/decisions.md, 'Sliding-window log in Redis, refusals not recorded'): one Lua call reserves
 * up to LEASE_MAX_SLOTS slots of the principal's window, which this instance spends locally for
 * LEASE_HOLD_MS; slots left then (or at shutdown) are removed from the window again. A lease
 * starts at one slot — exactly the unleased behaviour — and doubles only while the principal keeps
 * using up whole leases within the hold time. Concurrent requests of one principal wait for the
 * one lease call in flight. Redis errors reach the caller, which fails open.
 */
@Injectable()
export class BudgetLeases implements BeforeApplicationShutdown {
  private readonly leases = new Map<string, Lease>();
  /** Settles once a lease is held, or with the refusal when none was granted. */
  private readonly inFlight = new Map<string, Promise<Refusal | undefined>>();
  private closing = false;

  constructor(private readonly storage: RedisThrottlerStorage) {}

  async count(key: string, windowMs: number, limit: number): Promise<LeasedCount> {
    for (;;) {
      const lease = this.leases.get(key);
      const now = performance.now();
      if (lease !== undefined && lease.unspent.length > 0) {
        if (now - lease.grantedAt < LEASE_HOLD_MS) return this.spend(lease, now);
        void this.retire(lease);
      }
      let asking = this.inFlight.get(key);
      if (asking === undefined) {
        asking = this.ask(key, windowMs, limit, lease, now).finally(() =>
          this.inFlight.delete(key),
        );
        this.inFlight.set(key, asking);
      }
      const refusal = await asking;
      if (refusal !== undefined) return refusal;
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    const held = [...this.leases.values()];
    await Promise.all(held.map((lease) => this.retire(lease)));
  }

  private async ask(
    key: string,
    windowMs: number,
    limit: number,
    previous: Lease | undefined,
    askedAt: number,
  ): Promise<Refusal | undefined> {
    const streak =
      previous !== undefined &&
      previous.unspent.length === 0 &&
      askedAt - previous.grantedAt < LEASE_HOLD_MS
        ? previous.streak + 1
        : 0;
    const wanted = this.closing || streak < 2 ? 1 : Math.min(LEASE_MAX_SLOTS, 2 ** (streak - 1));
    const answer = await this.storage.lease(key, windowMs, limit, wanted);
    const current = this.leases.get(key);
    if (current !== undefined) void this.retire(current);
    const now = performance.now();
    if (answer.members.length === 0) {
      return {
        admitted: false,
        remaining: 0,
        secondsUntilSlot: secondsUntil(now + answer.freesInMs, now),
      };
    }
    const lease: Lease = {
      key,
      unspent: answer.members,
      remainingBefore: answer.remainingBefore,
      spent: 0,
      streak,
      grantedAt: now,
      slotFreesAt: now + answer.freesInMs,
      expiry: setTimeout(() => void this.retire(lease), LEASE_HOLD_MS).unref(),
    };
    this.leases.set(key, lease);
    return undefined;
  }

  private spend(lease: Lease, now: number): LeasedCount {
    lease.unspent.pop();
    lease.spent += 1;
    return {
      admitted: true,
      remaining: Math.max(0, lease.remainingBefore - lease.spent),
      secondsUntilSlot: secondsUntil(lease.slotFreesAt, now),
    };
  }

  /** Forgets the lease and gives its unspent slots back; a failure leaves them to the window. */
  private async retire(lease: Lease): Promise<void> {
    clearTimeout(lease.expiry);
    if (this.leases.get(lease.key) === lease) this.leases.delete(lease.key);
    const unspent = lease.unspent.splice(0);
    if (unspent.length > 0) await this.storage.giveBack(lease.key, unspent).catch(() => undefined);
  }
}
