import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { StoreId } from '../auth/decorators/current-principal.decorator';
import { Roles } from '../auth/decorators/roles.decorator';
import { DailyReportService } from './daily-report.service';
import { DailyReportDto, DailyReportQueryDto } from './dto/daily-report.dto';

@ApiTags('reports')
@ApiBearerAuth('bearer')
@Roles('store_admin')
@Controller('api/admin/reports')
export class ReportsController {
  constructor(private readonly dailyReports: DailyReportService) {}

  @Get('daily')
  @ApiOperation({
    operationId: 'getDailyReport',
    summary: "The day's sales (마감): orders, revenue, by menu and by hour, live and archived",
  })
  @ApiOkResponse({ type: DailyReportDto })
  daily(@StoreId() storeId: string, @Query() query: DailyReportQueryDto): Promise<DailyReportDto> {
    return this.dailyReports.report(storeId, query.date);
  }
}
