import { Inject, Injectable } from '@nestjs/common';
import { cacheKey } from '../common/cache/cache-keys';
import { CacheService } from '../common/cache/cache.service';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { TablesService } from '../tables/tables.service';
import { HistoryItemDto, HistoryPageDto, HistoryQueryDto } from './dto/table-session.dto';
import { toHistoryRange } from './history-range';
import { HistoryRange, OrderHistoryRepository } from './order-history.repository';

const ENTITY = 'order_history';

/**
 * GET /api/admin/tables/:id/history, cache-aside under `{store_id}:order_history:{table_id}:…`
 * (one key per page, page size and day range). Ending the table's session drops the table's
 * keys; otherwise a table's history only changes by the retention purge, which cached pages
 * outlive by at most CACHE_TTL_SECONDS.
 */
@Injectable()
export class OrderHistoryService {
  constructor(
    private readonly history: OrderHistoryRepository,
    private readonly tables: TablesService,
    private readonly cache: CacheService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  page(storeId: string, tableId: number, query: HistoryQueryDto): Promise<HistoryPageDto> {
    const range = toHistoryRange(query.from, query.to);
    const { page, page_size: pageSize } = query;
    const key = cacheKey(
      storeId,
      ENTITY,
      `${tableId}:${page}:${pageSize}:${range.from ?? ''}:${range.to ?? ''}`,
    );
    return this.cache.getOrLoad(key, () => this.load(storeId, tableId, range, page, pageSize));
  }

  /** Drops every cached page of the table; call after its session's end committed. */
  invalidateTable(storeId: string, tableId: number): Promise<void> {
    return this.cache.invalidatePrefix(cacheKey(storeId, ENTITY, `${tableId}:`));
  }

  private async load(
    storeId: string,
    tableId: number,
    range: HistoryRange,
    page: number,
    pageSize: number,
  ): Promise<HistoryPageDto> {
    await this.tables.assertExists(storeId, tableId);
    const totalCount = await this.history.countForTable(tableId, range);
    const offset = (page - 1) * pageSize;
    const rows =
      offset < totalCount
        ? await this.history.pageForTable(
            tableId,
            range,
            this.config.storeTimeZone,
            pageSize,
            offset,
          )
        : [];
    return {
      items: rows.map(HistoryItemDto.from),
      pagination: {
        page,
        page_size: pageSize,
        total_count: totalCount,
        total_pages: Math.ceil(totalCount / pageSize),
      },
    };
  }
}
