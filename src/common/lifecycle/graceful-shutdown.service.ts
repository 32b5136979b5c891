import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { InFlightRequests } from './in-flight-requests.service';
import { ShutdownState } from './shutdown-state.service';

/**
 * Once new requests are refused, the listener stays open at least this long, so a client that
 * connected a moment before gets its 503 answer instead of a reset (closing a listening socket
 * resets the connections still in its accept queue).
 */
const REFUSAL_GRACE_MS = 1000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The first half of a graceful stop, refusing no request the balancer still sends:
 * 1. readiness turns 503 at once, and for SHUTDOWN_DRAIN_DELAY_SECONDS every request is served
 *    normally, answered with `Connection: close` (the balancer notices and moves away);
 * 2. then new requests get 503 SHUTTING_DOWN while in-flight requests get up to
 *    SHUTDOWN_TIMEOUT_SECONDS to finish.
 * The second half is `app.close()` (see src/bootstrap/serve.ts): it closes the listener and idle
 * connections and runs every module's shutdown hooks.
 */
@Injectable()
export class GracefulShutdown {
  private readonly logger = new Logger('lifecycle');

  constructor(
    private readonly state: ShutdownState,
    private readonly inFlight: InFlightRequests,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Returns how many requests were still running when the time ran out (0 after a clean drain). */
  async drain(): Promise<number> {
    const { drainDelaySeconds, timeoutSeconds } = this.config.shutdown;
    this.state.begin();
    this.logger.log(
      `draining: readiness 503, requests still served with Connection: close for ${drainDelaySeconds} s`,
    );
    if (drainDelaySeconds > 0) await sleep(drainDelaySeconds * 1000);

    this.state.refuseNewRequests();
    this.logger.log(
      `drain delay over: new requests refused (503 SHUTTING_DOWN), ${this.inFlight.count} in flight (up to ${timeoutSeconds} s)`,
    );
    const [idle] = await Promise.all([
      this.inFlight.whenIdle(timeoutSeconds * 1000),
      sleep(REFUSAL_GRACE_MS),
    ]);
    if (idle) return 0;
    this.logger.warn(
      `${this.inFlight.count} request(s) still running after ${timeoutSeconds} s; their connections will be closed`,
    );
    return this.inFlight.count;
  }
}
