import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { HEALTH_ROUTE, LIVENESS_ROUTE } from '../common/http/ops-routes';
import { Public } from '../common/http/public.decorator';
import { LivenessDto, ReadinessReportDto } from './dto/readiness-report.dto';
import { HealthService, ReadinessReport } from './health.service';

@ApiTags('health')
@Public()
@Controller()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get(HEALTH_ROUTE)
  @ApiOperation({
    operationId: 'getReadiness',
    summary: 'Readiness: database, Redis and RabbitMQ all answer (the ALB check)',
  })
  @ApiOkResponse({ type: ReadinessReportDto, description: 'Every required dependency answers' })
  @ApiServiceUnavailableResponse({
    type: ReadinessReportDto,
    description:
      'A required dependency is down (status "degraded"), or the instance is shutting down',
    example: { status: 'degraded', checks: { database: 'ok', redis: 'down', rabbitmq: 'ok' } },
  })
  async readiness(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessReport> {
    const report = await this.health.readiness();
    reply.status(report.status === 'ok' ? 200 : 503);
    return report;
  }

  @Get(LIVENESS_ROUTE)
  @HttpCode(200)
  @ApiOperation({ operationId: 'getLiveness', summary: 'Liveness: the process can serve requests' })
  @ApiOkResponse({ type: LivenessDto, description: 'The process is up and serving' })
  liveness(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
