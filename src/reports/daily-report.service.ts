import { Inject, Injectable } from '@nestjs/common';
import { CacheService } from '../common/cache/cache.service';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { dailyReportKey } from './daily-report-cache';
import { DailyReportDto, HourSalesDto } from './dto/daily-report.dto';
import { DaySales, ReportsRepository } from './reports.repository';
import { storeDayOf } from './store-day';

/**
 * GET /api/admin/reports/daily: one store-local day's sales. A past day is cached under
 * `{store_id}:daily_report:{day}` (its orders only change when an admin deletes one, which
 * drops the key); today and later days are computed on every request.
 */
@Injectable()
export class DailyReportService {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly cache: CacheService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  report(storeId: string, day?: string): Promise<DailyReportDto> {
    const today = storeDayOf(new Date(), this.config.storeTimeZone);
    const date = day ?? today;
    if (date >= today) return this.load(storeId, date);
    return this.cache.getOrLoad(dailyReportKey(storeId, date), () => this.load(storeId, date));
  }

  private async load(storeId: string, date: string): Promise<DailyReportDto> {
    return toReport(date, await this.reports.daySales(storeId, date, this.config.storeTimeZone));
  }
}

function toReport(date: string, { by_hour: byHour, by_menu: byMenu }: DaySales): DailyReportDto {
  const hours = new Map(byHour.map((row) => [row.hour, row]));
  const by_hour: HourSalesDto[] = Array.from({ length: 24 }, (_, hour) => ({
    hour,
    order_count: hours.get(hour)?.order_count ?? 0,
    revenue: hours.get(hour)?.revenue ?? 0,
  }));
  const order_count = byHour.reduce((sum, row) => sum + row.order_count, 0);
  const revenue = byHour.reduce((sum, row) => sum + row.revenue, 0);
  return {
    date,
    order_count,
    revenue,
    average_order_value: order_count === 0 ? 0 : Math.floor(revenue / order_count),
    by_menu: byMenu.map(({ menu_id, menu_name, quantity, revenue }) => ({
      menu_id,
      menu_name,
      quantity,
      revenue,
    })),
    by_hour,
  };
}
