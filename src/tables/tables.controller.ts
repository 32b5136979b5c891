import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { StoreId } from '../auth/decorators/current-principal.decorator';
import { Roles } from '../auth/decorators/roles.decorator';
import { ParseIdPipe } from '../common/http/parse-id.pipe';
import { requireSomeField } from '../common/http/require-some-field';
import { CreateTableDto, UpdateTableDto } from './dto/create-table.dto';
import { TableResponseDto } from './dto/table-response.dto';
import { TablesService } from './tables.service';

@ApiTags('tables')
@ApiBearerAuth('bearer')
@Roles('store_admin')
@Controller('api/admin/tables')
export class TablesController {
  constructor(private readonly tables: TablesService) {}

  @Get()
  @ApiOperation({
    operationId: 'listTables',
    summary: "List the store's tables with their current session summary",
  })
  @ApiOkResponse({ type: TableResponseDto, isArray: true })
  async list(@StoreId() storeId: string): Promise<TableResponseDto[]> {
    return (await this.tables.list(storeId)).map(TableResponseDto.from);
  }

  @Post()
  @ApiOperation({ operationId: 'createTable', summary: 'Create a table with its tablet password' })
  @ApiCreatedResponse({ type: TableResponseDto })
  @ApiConflictResponse({ description: 'CONFLICT: the store already has that table number' })
  async create(
    @StoreId() storeId: string,
    @Body() body: CreateTableDto,
  ): Promise<TableResponseDto> {
    return TableResponseDto.from(
      await this.tables.create(storeId, body.table_number, body.password),
    );
  }

  @Patch(':id')
  @ApiOperation({
    operationId: 'updateTable',
    summary: 'Renumber a table and/or change its tablet password (which lifts a login lockout)',
  })
  @ApiOkResponse({ type: TableResponseDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such table in this store' })
  @ApiConflictResponse({ description: 'CONFLICT: another table of the store has that number' })
  async update(
    @StoreId() storeId: string,
    @Param('id', ParseIdPipe) tableId: number,
    @Body() body: UpdateTableDto,
  ): Promise<TableResponseDto> {
    requireSomeField(body);
    return TableResponseDto.from(await this.tables.update(storeId, tableId, body));
  }
}
