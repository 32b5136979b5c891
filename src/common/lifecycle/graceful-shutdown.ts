import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { InFlightRequests } from './in-flight-requests';
import { ShutdownState } from './shutdown-state';

/**
 * The first half of a graceful stop: readiness turns 503 and new requests are refused at once,
 * then in-flight requests get up to SHUTDOWN_TIMEOUT_SECONDS to finish. The second half is
 * `app.close()` (see src/bootstrap/serve.ts), which runs every module's shutdown hooks.
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
    this.state.begin();
    const timeoutSeconds = this.config.shutdown.timeoutSeconds;
    this.logger.log(
      `draining: readiness 503, new requests refused, ${this.inFlight.count} in flight (up to ${timeoutSeconds} s)`,
    );
    const idle = await this.inFlight.whenIdle(timeoutSeconds * 1000);
    if (idle) return 0;
    this.logger.warn(
      `${this.inFlight.count} request(s) still running after ${timeoutSeconds} s; their connections will be closed`,
    );
    return this.inFlight.count;
  }
}
