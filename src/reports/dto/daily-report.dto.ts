import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsCalendarDate } from '../../common/http/is-calendar-date.decorator';

export class DailyReportQueryDto {
  @ApiPropertyOptional({
    example: '2025-01-01',
    description: "The day (YYYY-MM-DD) in the store's time zone (STORE_TIMEZONE); default today",
  })
  @IsOptional()
  @IsCalendarDate()
  date?: string;
}

export class MenuSalesDto {
  @ApiProperty({ example: 1 }) menu_id: number;
  @ApiProperty({ description: "The menu's current name", example: '김치찌개' }) menu_name: string;
  @ApiProperty({ example: 2 }) quantity: number;
  @ApiProperty({ description: 'Σ unit_price × quantity, KRW', example: 18000 }) revenue: number;
}

export class HourSalesDto {
  @ApiProperty({ minimum: 0, maximum: 23, description: "Hour of the store's day", example: 12 })
  hour: number;
  @ApiProperty({ example: 1 }) order_count: number;
  @ApiProperty({ description: 'KRW', example: 18000 }) revenue: number;
}

export class DailyReportDto {
  @ApiProperty({ example: '2025-01-01' }) date: string;
  @ApiProperty({
    description: 'Orders placed that day, live and archived; deleted ones excluded',
    example: 1,
  })
  order_count: number;
  @ApiProperty({ description: 'Σ total_amount, KRW', example: 18000 }) revenue: number;
  @ApiProperty({
    description: 'revenue / order_count rounded down, KRW (0 without orders)',
    example: 18000,
  })
  average_order_value: number;
  @ApiProperty({ type: MenuSalesDto, isArray: true, description: 'Revenue desc' })
  by_menu: MenuSalesDto[];
  @ApiProperty({ type: HourSalesDto, isArray: true, description: '24 rows, hours 0..23' })
  by_hour: HourSalesDto[];
}
