import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsCalendarDate } from '../../common/http/is-calendar-date.decorator';

export class DailyReportQueryDto {
  @ApiPropertyOptional({
    example: '2025-03-01',
    description: "The day (YYYY-MM-DD) in the store's time zone (STORE_TIMEZONE); default today",
  })
  @IsOptional()
  @IsCalendarDate()
  date?: string;
}

export class MenuSalesDto {
  @ApiProperty() menu_id: number;
  @ApiProperty({ description: "The menu's current name" }) menu_name: string;
  @ApiProperty() quantity: number;
  @ApiProperty({ description: 'Σ unit_price × quantity, KRW' }) revenue: number;
}

export class HourSalesDto {
  @ApiProperty({ minimum: 0, maximum: 23, description: "Hour of the store's day" }) hour: number;
  @ApiProperty() order_count: number;
  @ApiProperty({ description: 'KRW' }) revenue: number;
}

export class DailyReportDto {
  @ApiProperty({ example: '2025-03-01' }) date: string;
  @ApiProperty({ description: 'Orders placed that day, live and archived; deleted ones excluded' })
  order_count: number;
  @ApiProperty({ description: 'Σ total_amount, KRW' }) revenue: number;
  @ApiProperty({ description: 'revenue / order_count rounded down, KRW (0 without orders)' })
  average_order_value: number;
  @ApiProperty({ type: MenuSalesDto, isArray: true, description: 'Revenue desc' })
  by_menu: MenuSalesDto[];
  @ApiProperty({ type: HourSalesDto, isArray: true, description: '24 rows, hours 0..23' })
  by_hour: HourSalesDto[];
}
