import { Body, Controller, Delete, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { StoreId } from '../auth/decorators/current-principal.decorator';
import { Roles } from '../auth/decorators/roles.decorator';
import { ParseIdPipe } from '../common/http/parse-id.pipe';
import { requireSomeField } from '../common/http/require-some-field';
import {
  CreateMenuCategoryDto,
  MenuCategoryResponseDto,
  UpdateMenuCategoryDto,
} from './dto/menu-category.dto';
import { MenuCategoriesService } from './menu-categories.service';

@ApiTags('admin menu')
@ApiBearerAuth('bearer')
@Roles('store_admin')
@Controller('api/admin/menu/categories')
export class AdminMenuCategoriesController {
  constructor(private readonly categories: MenuCategoriesService) {}

  @Post()
  @ApiOperation({ operationId: 'createMenuCategory', summary: 'Create a menu category' })
  @ApiCreatedResponse({ type: MenuCategoryResponseDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED' })
  @ApiConflictResponse({ description: 'CONFLICT: the store has a category with that name' })
  async create(
    @StoreId() storeId: string,
    @Body() body: CreateMenuCategoryDto,
  ): Promise<MenuCategoryResponseDto> {
    return MenuCategoryResponseDto.from(
      await this.categories.create(storeId, body.name, body.display_order),
    );
  }

  @Patch(':id')
  @ApiOperation({
    operationId: 'updateMenuCategory',
    summary: 'Rename or reorder a menu category (partial update)',
  })
  @ApiOkResponse({ type: MenuCategoryResponseDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such category in the caller’s store' })
  @ApiConflictResponse({ description: 'CONFLICT: the store has a category with that name' })
  async update(
    @StoreId() storeId: string,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: UpdateMenuCategoryDto,
  ): Promise<MenuCategoryResponseDto> {
    requireSomeField(body);
    return MenuCategoryResponseDto.from(await this.categories.update(storeId, id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ operationId: 'deleteMenuCategory', summary: 'Delete an empty menu category' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such category in the caller’s store' })
  @ApiConflictResponse({ description: 'CONFLICT: the category still has live menu items' })
  async remove(@StoreId() storeId: string, @Param('id', ParseIdPipe) id: number): Promise<void> {
    await this.categories.remove(storeId, id);
  }
}
