import { Body, Controller, Param, Patch } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { StoreId } from '../auth/decorators/current-principal.decorator';
import { Roles } from '../auth/decorators/roles.decorator';
import { ParseIdPipe } from '../common/http/parse-id.pipe';
import { requireSomeField } from '../common/http/require-some-field';
import { OptionWithItemResponseDto, UpdateOptionDto } from './dto/option-group.dto';
import { MenuOptionsService } from './menu-options.service';

@ApiTags('admin menu')
@ApiBearerAuth('bearer')
@Roles('store_admin')
@Controller('api/admin/menu/options')
export class AdminMenuOptionsController {
  constructor(private readonly options: MenuOptionsService) {}

  @Patch(':id')
  @ApiOperation({
    operationId: 'updateMenuOption',
    summary: 'Change one option (sold out, renamed, repriced): partial update',
  })
  @ApiOkResponse({ type: OptionWithItemResponseDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such option on a live item of the store' })
  @ApiConflictResponse({ description: 'CONFLICT: the group has an option with that name' })
  async update(
    @StoreId() storeId: string,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: UpdateOptionDto,
  ): Promise<OptionWithItemResponseDto> {
    requireSomeField(body);
    const option = await this.options.update(storeId, id, body);
    return {
      id: option.id,
      group_id: option.group_id,
      menu_id: option.menu_id,
      name: option.name,
      price_delta: option.price_delta,
      is_available: option.is_available,
      display_order: option.display_order,
    };
  }
}
