import { Injectable } from '@nestjs/common';
import { ShutdownState } from '../common/lifecycle/shutdown-state';
import {
  DEPENDENCIES,
  Dependency,
  DependencyHealthIndicators,
} from './dependency-health.indicators';

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
  ) {}

  /** All dependency probes run in parallel, each bounded, so the answer comes within the ALB timeout. */
  async readiness(): Promise<ReadinessReport> {
    const results = Object.assign({}, ...(await Promise.all(this.indicators.all())));
    const checks = Object.fromEntries(
      DEPENDENCIES.map((key) => [key, results[key]?.status === 'up' ? 'ok' : 'down']),
    ) as Record<Dependency, CheckStatus>;
    const healthy =
      !this.shutdown.isShuttingDown && DEPENDENCIES.every((key) => checks[key] === 'ok');
    return { status: healthy ? 'ok' : 'degraded', checks };
  }
}
