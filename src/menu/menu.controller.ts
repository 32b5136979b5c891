import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, StoreId } from '../auth/decorators/current-principal.decorator';
import { Roles } from '../auth/decorators/roles.decorator';
import { Principal } from '../common/http/principal';
import { CacheAside } from '../common/cache/cache-aside.decorator';
import { ParseIdPipe } from '../common/http/parse-id.pipe';
import { MenuCategoryResponseDto } from './dto/menu-category.dto';
import { ListMenuItemsQueryDto, MenuItemResponseDto } from './dto/menu-item.dto';
import { MENU_CATEGORY, MENU_ITEM } from './menu-cache-keys';
import { MenuQueryService } from './menu-query.service';

@ApiTags('menu')
@ApiBearerAuth('bearer')
@Roles('store_admin', 'table')
@Controller('api/menu')
export class MenuController {
  constructor(private readonly menu: MenuQueryService) {}

  @Get('categories')
  @CacheAside({ entity: MENU_CATEGORY })
  @ApiOperation({
    operationId: 'listMenuCategories',
    summary: 'The store’s menu categories, by display_order then id',
  })
  @ApiOkResponse({ type: MenuCategoryResponseDto, isArray: true })
  @ApiNotFoundResponse({ description: 'Never for a valid token (the store is the caller’s)' })
  listCategories(@StoreId() storeId: string): Promise<MenuCategoryResponseDto[]> {
    return this.menu.listCategories(storeId);
  }

  @Get('items')
  @CacheAside({ entity: MENU_ITEM })
  @ApiOperation({
    operationId: 'listMenuItems',
    summary: 'Menu items by display_order then id; tables see available items only',
  })
  @ApiOkResponse({ type: MenuItemResponseDto, isArray: true })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: category_id is not a positive id' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such category in the caller’s store' })
  listItems(
    @CurrentPrincipal() principal: Principal,
    @StoreId() storeId: string,
    @Query() query: ListMenuItemsQueryDto,
  ): Promise<MenuItemResponseDto[]> {
    return this.menu.listItems(storeId, principal.role, query.category_id);
  }

  @Get('items/:id')
  @CacheAside({ entity: MENU_ITEM })
  @ApiOperation({
    operationId: 'getMenuItem',
    summary: 'One menu item (tables: only while available)',
  })
  @ApiOkResponse({ type: MenuItemResponseDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: id is not a positive id' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such live item in the caller’s store' })
  getItem(
    @CurrentPrincipal() principal: Principal,
    @StoreId() storeId: string,
    @Param('id', ParseIdPipe) id: number,
  ): Promise<MenuItemResponseDto> {
    return this.menu.getItem(storeId, principal.role, id);
  }
}
