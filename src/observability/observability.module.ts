import { Global, Module, OnModuleInit } from '@nestjs/common';
import { InFlightRequests } from '../common/lifecycle/in-flight-requests';
import { DatabasePoolMetrics } from './database-pool.metrics';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

/** Metrics for the whole app: other modules inject MetricsService and call its record… methods. */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [MetricsService, DatabasePoolMetrics],
  exports: [MetricsService],
})
export class ObservabilityModule implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsService,
    private readonly inFlight: InFlightRequests,
  ) {}

  onModuleInit(): void {
    this.metrics.registerInFlightCollector(() => this.inFlight.count);
  }
}
