import { ApiProperty } from '@nestjs/swagger';
import type { CheckStatus, ReadinessReport } from '../health.service';

const CHECK = { enum: ['ok', 'down'], enumName: 'DependencyCheck', example: 'ok' } as const;

export class ReadinessChecksDto {
  @ApiProperty(CHECK) database: CheckStatus;
  @ApiProperty(CHECK) redis: CheckStatus;
  @ApiProperty(CHECK) rabbitmq: CheckStatus;
}

/** GET /health's body, for the document (the service returns ReadinessReport). */
export class ReadinessReportDto implements ReadinessReport {
  @ApiProperty({ enum: ['ok', 'degraded'], enumName: 'ReadinessStatus', example: 'ok' })
  status: 'ok' | 'degraded';

  @ApiProperty({ type: ReadinessChecksDto })
  checks: ReadinessChecksDto;
}

export class LivenessDto {
  @ApiProperty({ enum: ['ok'], example: 'ok' }) status: 'ok';
}
