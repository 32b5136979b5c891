import type { LoggerService } from '@nestjs/common';

export interface OutageMessages {
  /** The warning logged when the dependency stops answering, given the failure that began it. */
  unavailable: (error: Error) => string;
  /** The line logged when it answers again; nothing is logged when omitted. */
  available?: string;
}

/**
 * Reports the outages of one dependency once each: a warning at the first failure, one line at
 * the first success after it, nothing for the failures in between (a Redis outage under load
 * would otherwise log one line per request).
 */
export class OutageReport {
  private down = false;

  constructor(
    private readonly logger: Pick<LoggerService, 'warn' | 'log'>,
    private readonly messages: OutageMessages,
  ) {}

  /** Whether the last call failed. */
  get isDown(): boolean {
    return this.down;
  }

  failed(error: Error): void {
    if (this.down) return;
    this.down = true;
    this.logger.warn(this.messages.unavailable(error));
  }

  succeeded(): void {
    if (!this.down) return;
    this.down = false;
    if (this.messages.available !== undefined) this.logger.log(this.messages.available);
  }
}
