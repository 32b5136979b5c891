import { Global, Module } from '@nestjs/common';
import { MetricsService } from './metrics.service';

/** The app's one Prometheus registry: any module injects MetricsService and calls its record… methods. */
@Global()
@Module({ providers: [MetricsService], exports: [MetricsService] })
export class MetricsModule {}
