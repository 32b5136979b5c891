import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** True while this request is counted in InFlightRequests. */
    inFlight: boolean;
  }
}

/**
 * Counts HTTP requests received and not yet answered, so a shutdown can wait for them to finish.
 * An event stream stops being counted once it is open: it never finishes on its own, and its
 * module's beforeApplicationShutdown hook ends it instead.
 */
@Injectable()
export class InFlightRequests {
  private active = 0;
  private waiters: Array<() => void> = [];

  get count(): number {
    return this.active;
  }

  /** Starts counting `request`. */
  track(request: FastifyRequest): void {
    request.inFlight = true;
    this.active++;
  }

  /** Stops counting `request` (once only): it was answered, or it became an endless stream. */
  release(request: FastifyRequest): void {
    if (!request.inFlight) return;
    request.inFlight = false;
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
