import { DynamicModule, Inject, Module, OnModuleInit } from '@nestjs/common';
import { packageInfo } from '../common/build/package-info';
import { InFlightRequests } from '../common/lifecycle/in-flight-requests.service';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { DatabasePoolMetrics } from './database-pool-metrics.service';
import { InternalMetricsServer } from './internal-metrics-server.service';
import { MetricsController } from './metrics.controller';
import { MetricsService } from '../common/metrics/metrics.service';

/**
 * GET /metrics (on the main port, or only on METRICS_PORT when that is set) and the metrics no
 * feature reports itself: the database pool and query times, requests in flight, build info.
 * The registry is common's MetricsService.
 */
@Module({})
export class ObservabilityModule implements OnModuleInit {
  static forRoot(config: AppConfig): DynamicModule {
    const internal = config.metrics.port !== undefined;
    return {
      module: ObservabilityModule,
      controllers: internal ? [] : [MetricsController],
      providers: [DatabasePoolMetrics, ...(internal ? [InternalMetricsServer] : [])],
    };
  }

  constructor(
    private readonly metrics: MetricsService,
    private readonly inFlight: InFlightRequests,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.metrics.registerInFlightCollector(() => this.inFlight.count);
    this.metrics.setBuildInfo({
      version: packageInfo().version,
      commit: this.config.build.commit,
      node: process.version,
    });
  }
}
