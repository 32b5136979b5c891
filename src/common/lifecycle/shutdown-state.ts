import { Injectable } from '@nestjs/common';

/** Process-wide flag set when SIGTERM/SIGINT arrives; readiness and request gating read it. */
@Injectable()
export class ShutdownState {
  private shuttingDown = false;

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  begin(): void {
    this.shuttingDown = true;
  }
}
