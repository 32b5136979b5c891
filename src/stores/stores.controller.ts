import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../auth/decorators/roles.decorator';
import { ParseUuidParamPipe } from '../common/http/parse-id.pipe';
import { CreateStoreAdminDto } from './dto/create-store-admin.dto';
import { CreateStoreDto } from './dto/create-store.dto';
import { StoreAdminResponseDto, StoreResponseDto } from './dto/store-responses.dto';
import { StoresService } from './stores.service';

@ApiTags('superadmin')
@ApiBearerAuth('bearer')
@Roles('superadmin')
@Controller('api/superadmin/stores')
export class StoresController {
  constructor(private readonly stores: StoresService) {}

  @Post()
  @ApiOperation({ summary: 'Create a store (tenant)' })
  @ApiCreatedResponse({ type: StoreResponseDto })
  @ApiConflictResponse({ description: 'CONFLICT: the store code is taken' })
  async create(@Body() body: CreateStoreDto): Promise<StoreResponseDto> {
    return StoreResponseDto.from(await this.stores.create(body.code, body.name));
  }

  @Get()
  @ApiOperation({ summary: 'List stores' })
  @ApiOkResponse({ type: StoreResponseDto, isArray: true })
  async list(): Promise<StoreResponseDto[]> {
    return (await this.stores.list()).map(StoreResponseDto.from);
  }

  @Post(':store_id/admins')
  @ApiOperation({ summary: 'Create a store admin account' })
  @ApiCreatedResponse({ type: StoreAdminResponseDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such store' })
  @ApiConflictResponse({ description: 'CONFLICT: the username exists in that store' })
  async createAdmin(
    @Param('store_id', ParseUuidParamPipe) storeId: string,
    @Body() body: CreateStoreAdminDto,
  ): Promise<StoreAdminResponseDto> {
    return StoreAdminResponseDto.from(
      await this.stores.createAdmin(storeId, body.username, body.password),
    );
  }
}
