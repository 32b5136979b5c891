import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Registry } from 'prom-client';
import { METRICS_ROUTE } from '../common/http/ops-routes';
import { Public } from '../common/http/public.decorator';
import { MetricsService } from '../common/metrics/metrics.service';

@ApiTags('observability')
@Public()
@Controller()
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get(METRICS_ROUTE)
  @Header('content-type', Registry.PROMETHEUS_CONTENT_TYPE)
  @Header('cache-control', 'no-store')
  @ApiOperation({
    operationId: 'getMetrics',
    summary: 'Prometheus metrics of this instance (text exposition format 0.0.4)',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({
    description: 'Every metric in Prometheus text format; see docs/operations.md for the list',
    content: {
      'text/plain': {
        schema: { type: 'string' },
        example:
          '# HELP http_requests_total HTTP requests answered, by method, route template and status code\n' +
          '# TYPE http_requests_total counter\n' +
          'http_requests_total{method="POST",endpoint="/api/orders",status="201"} 42\n',
      },
    },
  })
  scrape(): Promise<string> {
    return this.metrics.render();
  }
}
