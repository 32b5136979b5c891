import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../auth/decorators/roles.decorator';
import { ParseIdPipe, ParseUuidParamPipe } from '../common/http/parse-id.pipe';
import { requireSomeField } from '../common/http/require-some-field';
import { CreateStoreAdminDto } from './dto/create-store-admin.dto';
import { CreateStoreDto } from './dto/create-store.dto';
import { StoreAdminResponseDto, StoreResponseDto } from './dto/store-responses.dto';
import { UpdateStoreAdminDto, UpdateStoreDto } from './dto/update-store.dto';
import { StoresService } from './stores.service';

/** What ParseUuidParamPipe accepts: a store's id. */
const STORE_ID_PARAM = {
  name: 'store_id',
  schema: { type: 'string', format: 'uuid', example: '3f0e8a52-1c2b-4d7e-9a10-6b5c4d3e2f1a' },
} as const;

@ApiTags('superadmin')
@ApiBearerAuth('bearer')
@Roles('superadmin')
@Controller('api/superadmin/stores')
export class StoresController {
  constructor(private readonly stores: StoresService) {}

  @Post()
  @ApiOperation({ operationId: 'createStore', summary: 'Create a store (tenant)' })
  @ApiCreatedResponse({ type: StoreResponseDto })
  @ApiConflictResponse({ description: 'CONFLICT: the store code is taken' })
  async create(@Body() body: CreateStoreDto): Promise<StoreResponseDto> {
    return StoreResponseDto.from(await this.stores.create(body.code, body.name));
  }

  @Get()
  @ApiOperation({ operationId: 'listStores', summary: 'List stores' })
  @ApiOkResponse({ type: StoreResponseDto, isArray: true })
  async list(): Promise<StoreResponseDto[]> {
    return (await this.stores.list()).map(StoreResponseDto.from);
  }

  @Patch(':store_id')
  @ApiParam(STORE_ID_PARAM)
  @ApiOperation({
    operationId: 'updateStore',
    summary: 'Activate or deactivate a store',
    description:
      'Deactivating refuses its logins and revokes every token of its admins and tables ' +
      '(401 TOKEN_REVOKED); reactivating does not revive them.',
  })
  @ApiOkResponse({ type: StoreResponseDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such store' })
  async update(
    @Param('store_id', ParseUuidParamPipe) storeId: string,
    @Body() body: UpdateStoreDto,
  ): Promise<StoreResponseDto> {
    return StoreResponseDto.from(await this.stores.setActive(storeId, body.is_active));
  }

  @Get(':store_id/admins')
  @ApiParam(STORE_ID_PARAM)
  @ApiOperation({ operationId: 'listStoreAdmins', summary: "List a store's admin accounts" })
  @ApiOkResponse({ type: StoreAdminResponseDto, isArray: true })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such store' })
  async listAdmins(
    @Param('store_id', ParseUuidParamPipe) storeId: string,
  ): Promise<StoreAdminResponseDto[]> {
    return (await this.stores.listAdmins(storeId)).map(StoreAdminResponseDto.from);
  }

  @Patch(':store_id/admins/:id')
  @ApiParam(STORE_ID_PARAM)
  @ApiOperation({
    operationId: 'updateStoreAdmin',
    summary: "Set a store admin's password and/or (de)activate it",
    description: 'A new password or a deactivation revokes its earlier tokens (401 TOKEN_REVOKED).',
  })
  @ApiOkResponse({ type: StoreAdminResponseDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such admin in that store' })
  async updateAdmin(
    @Param('store_id', ParseUuidParamPipe) storeId: string,
    @Param('id', ParseIdPipe) adminId: number,
    @Body() body: UpdateStoreAdminDto,
  ): Promise<StoreAdminResponseDto> {
    requireSomeField(body);
    return StoreAdminResponseDto.from(await this.stores.updateAdmin(storeId, adminId, body));
  }

  @Post(':store_id/admins')
  @ApiParam(STORE_ID_PARAM)
  @ApiOperation({ operationId: 'createStoreAdmin', summary: 'Create a store admin account' })
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
