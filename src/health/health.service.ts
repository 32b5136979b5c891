import { Inject, Injectable } from '@nestjs/common';
import { ShutdownState } from '../common/lifecycle/shutdown-state.service';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import {
  DEPENDENCIES,
  Dependency,
  DependencyHealthIndicators,
} from './dependency-health-indicators.service';

export type CheckStatus = 'ok' | 'down';

export interface ReadinessReport {
  status: 'ok' | 'degraded';
  checks: Record<Dependency, CheckStatus>;
}

@Injectable()
export class HealthService {
  constructor(
    private readonly indicators: DependencyHealthIndicators,
    private readonly shutdown: ShutdownState,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * All dependency probes run in parallel, each bounded, so the answer comes within the ALB
   * timeout. Every check is reported; only READINESS_REQUIRED_CHECKS decide the status.
   */
  async readiness(): Promise<ReadinessReport> {
    const results = Object.assign({}, ...(await Promise.all(this.indicators.all())));
    const checks = Object.fromEntries(
      DEPENDENCIES.map((key) => [key, results[key]?.status === 'up' ? 'ok' : 'down']),
    ) as Record<Dependency, CheckStatus>;
    const healthy =
      !this.shutdown.isShuttingDown &&
      this.config.health.requiredChecks.every((key) => checks[key] === 'ok');
    return { status: healthy ? 'ok' : 'degraded', checks };
  }
}
