import { Injectable } from '@nestjs/common';

/**
 * Counts HTTP requests received and not yet answered, so a shutdown can wait for them to finish.
 * Event streams (Accept: text/event-stream) are not counted: they never finish on their own and
 * are closed by their module's beforeApplicationShutdown hook instead.
 */
@Injectable()
export class InFlightRequests {
  private active = 0;
  private waiters: Array<() => void> = [];

  get count(): number {
    return this.active;
  }

  started(): void {
    this.active++;
  }

  finished(): void {
    this.active--;
    if (this.active === 0) {
      const waiters = this.waiters;
      this.waiters = [];
      for (const wake of waiters) wake();
    }
  }

  /** Resolves true once nothing is in flight, or false when `timeoutMs` passes first. */
  whenIdle(timeoutMs: number): Promise<boolean> {
    if (this.active === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter !== wake);
        resolve(false);
      }, timeoutMs);
      this.waiters.push(wake);
    });
  }
}
