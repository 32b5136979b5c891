import { Body, Controller, Delete, HttpCode, Param, Patch, Post, Put, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { StoreId } from '../auth/decorators/current-principal.decorator';
import { Roles } from '../auth/decorators/roles.decorator';
import { ParseIdPipe } from '../common/http/parse-id.pipe';
import { requireSomeField } from '../common/http/require-some-field';
import { imageUrl } from '../images/image-url';
import { IMAGE_FIELD } from '../images/image-upload.service';
import {
  CreateMenuItemDto,
  MenuItemImageResponseDto,
  MenuItemResponseDto,
  soldOutUntil,
  UpdateMenuItemDto,
} from './dto/menu-item.dto';
import { OptionGroupInputDto } from './dto/option-group.dto';
import { MenuItemImageService } from './menu-item-image.service';
import { MenuItemsService } from './menu-items.service';
import { MenuOptionsService } from './menu-options.service';
import { OptionGroupsBodyPipe } from './option-groups-body.pipe';

@ApiTags('admin menu')
@ApiBearerAuth('bearer')
@Roles('store_admin')
@Controller('api/admin/menu/items')
export class AdminMenuItemsController {
  constructor(
    private readonly items: MenuItemsService,
    private readonly images: MenuItemImageService,
    private readonly options: MenuOptionsService,
  ) {}

  @Post()
  @ApiOperation({
    operationId: 'createMenuItem',
    summary: 'Create a menu item in a category of the caller’s store',
  })
  @ApiCreatedResponse({ type: MenuItemResponseDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such category in the caller’s store' })
  async create(
    @StoreId() storeId: string,
    @Body() body: CreateMenuItemDto,
  ): Promise<MenuItemResponseDto> {
    const item = await this.items.create(storeId, {
      category_id: body.category_id,
      name: body.name,
      description: body.description ?? '',
      price: body.price,
      display_order: body.display_order ?? 0,
      is_available: body.is_available ?? true,
      sold_out_until: soldOutUntil(body.sold_out_until),
    });
    return MenuItemResponseDto.from(item);
  }

  @Patch(':id')
  @ApiOperation({ operationId: 'updateMenuItem', summary: 'Change a menu item (partial update)' })
  @ApiOkResponse({ type: MenuItemResponseDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such live item or category in the store' })
  async update(
    @StoreId() storeId: string,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: UpdateMenuItemDto,
  ): Promise<MenuItemResponseDto> {
    requireSomeField(body);
    const changes = { ...body, sold_out_until: soldOutUntil(body.sold_out_until) };
    return MenuItemResponseDto.from(await this.items.update(storeId, id, changes));
  }

  @Put(':id/option-groups')
  @ApiOperation({
    operationId: 'replaceMenuItemOptionGroups',
    summary: 'Replace the item’s option groups',
    description:
      'The body is the whole set. A group or option sent with its `id` is kept (and updated), ' +
      'one without is created, those left out are removed; one transaction. Answers the item.',
  })
  @ApiBody({
    type: OptionGroupInputDto,
    isArray: true,
    examples: {
      spicinessAndToppings: {
        summary: 'A required choice and optional extras',
        value: [
          {
            name: '맵기',
            min_select: 1,
            max_select: 1,
            options: [{ name: '순한맛' }, { name: '보통' }, { name: '매운맛' }],
          },
          {
            name: '추가',
            min_select: 0,
            max_select: 2,
            options: [
              { name: '치즈', price_delta: 1000 },
              { name: '계란', price_delta: 500 },
            ],
          },
        ],
      },
    },
  })
  @ApiOkResponse({ type: MenuItemResponseDto })
  @ApiBadRequestResponse({
    description:
      'VALIDATION_FAILED: min_select > max_select, max_select > options, a name twice in a ' +
      'group, price_delta outside ±1,000,000 (details name the field, e.g. groups.0.max_select)',
  })
  @ApiNotFoundResponse({
    description: 'NOT_FOUND: no such live item in the store, or an id that is not this item’s',
  })
  async replaceOptionGroups(
    @StoreId() storeId: string,
    @Param('id', ParseIdPipe) id: number,
    @Body(OptionGroupsBodyPipe) groups: OptionGroupInputDto[],
  ): Promise<MenuItemResponseDto> {
    return MenuItemResponseDto.from(await this.options.replaceGroups(storeId, id, groups));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'deleteMenuItem',
    summary: 'Delete a menu item (soft: past orders keep their snapshot)',
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such live item in the caller’s store' })
  async remove(@StoreId() storeId: string, @Param('id', ParseIdPipe) id: number): Promise<void> {
    await this.items.remove(storeId, id);
  }

  @Put(':id/image')
  @ApiOperation({
    operationId: 'uploadMenuItemImage',
    summary: 'Upload or replace the item’s image; a 300×300 thumbnail is made',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: [IMAGE_FIELD],
      properties: { [IMAGE_FIELD]: { type: 'string', format: 'binary' } },
    },
  })
  @ApiOkResponse({ type: MenuItemImageResponseDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: no file in the field "image"' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such live item in the caller’s store' })
  @ApiPayloadTooLargeResponse({ description: 'PAYLOAD_TOO_LARGE: over UPLOAD_MAX_BYTES' })
  @ApiUnsupportedMediaTypeResponse({ description: 'UNSUPPORTED_MEDIA_TYPE: not JPEG/PNG/WebP/GIF' })
  @ApiUnprocessableEntityResponse({
    description: 'UNPROCESSABLE_ENTITY: undecodable, or more pixels than IMAGE_MAX_PIXELS',
  })
  async uploadImage(
    @StoreId() storeId: string,
    @Param('id', ParseIdPipe) id: number,
    @Req() request: FastifyRequest,
  ): Promise<MenuItemImageResponseDto> {
    const stored = await this.images.replace(storeId, id, request);
    return {
      image_url: imageUrl(stored.image) as string,
      thumbnail_url: imageUrl(stored.thumbnail) as string,
    };
  }
}
