import { Injectable } from '@nestjs/common';

/**
 * Process-wide shutdown phase, read by readiness and the request gate:
 * - `draining` from SIGTERM/SIGINT on: readiness answers 503, every request is still served,
 *   each answer with `Connection: close` so clients and balancers move to other instances;
 * - `refusing` once the drain delay passed and the listener closed: a request still arriving on
 *   an open connection is answered 503 SHUTTING_DOWN.
 */
@Injectable()
export class ShutdownState {
  private phase: 'serving' | 'draining' | 'refusing' = 'serving';

  /** True from the signal on (readiness 503, `Connection: close` on every answer). */
  get isShuttingDown(): boolean {
    return this.phase !== 'serving';
  }

  /** True once new requests are refused with 503 SHUTTING_DOWN. */
  get refusesRequests(): boolean {
    return this.phase === 'refusing';
  }

  begin(): void {
    if (this.phase === 'serving') this.phase = 'draining';
  }

  refuseNewRequests(): void {
    this.phase = 'refusing';
  }
}
