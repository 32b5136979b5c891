import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../common/http/public.decorator';
import { HealthService, ReadinessReport } from './health.service';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @ApiOperation({ summary: 'Readiness: database, Redis and RabbitMQ all answer (the ALB check)' })
  @ApiOkResponse({ description: 'All dependencies answer: {status:"ok", checks:{…}}' })
  @ApiServiceUnavailableResponse({
    description: 'A dependency is down or the instance is shutting down',
  })
  async readiness(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessReport> {
    const report = await this.health.readiness();
    reply.status(report.status === 'ok' ? 200 : 503);
    return report;
  }

  @Get('live')
  @HttpCode(200)
  @ApiOperation({ summary: 'Liveness: the process can serve requests' })
  @ApiOkResponse({ description: 'The process is up and serving' })
  liveness(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
