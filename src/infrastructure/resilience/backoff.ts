/** Capped exponential back-off: retry n (0 for the first) waits initialMs · 2^n, at most maxMs. */
export interface BackoffPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
}

/** The delay before retry `retry` (0 for the first retry after a failure). */
export function backoffDelayMs(policy: BackoffPolicy, retry: number): number {
  return Math.min(policy.initialMs * 2 ** retry, policy.maxMs);
}

/**
 * The back-off of one retry loop: counts the failures since the last success and runs the next
 * attempt once the delay they call for has passed, on a timer that does not keep the process up.
 */
export class BackoffTimer {
  private timer: NodeJS.Timeout | null = null;
  private failureCount = 0;

  constructor(private readonly policy: BackoffPolicy) {}

  /** Failures since the last success. */
  get failures(): number {
    return this.failureCount;
  }

  /** Whether a retry waits for its delay to pass. */
  get isWaiting(): boolean {
    return this.timer !== null;
  }

  /** Counts a failure and runs `retry` after its delay; does nothing while a retry waits. */
  retryAfterFailure(retry: () => void): void {
    if (this.timer) return;
    const delay = backoffDelayMs(this.policy, this.failureCount);
    this.failureCount++;
    this.timer = setTimeout(() => {
      this.timer = null;
      retry();
    }, delay);
    this.timer.unref();
  }

  /** The last attempt succeeded: the next failure waits the shortest delay again. */
  succeeded(): void {
    this.failureCount = 0;
  }

  /** Drops the waiting retry, if any; its failure stays counted. */
  cancel(): void {
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = null;
  }
}
