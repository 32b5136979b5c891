import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OutboxModule } from '../outbox/outbox.module';
import { ImagesModule } from '../images/images.module';
import { AdminMenuCategoriesController } from './admin-menu-categories.controller';
import { AdminMenuItemsController } from './admin-menu-items.controller';
import { AdminMenuOptionsController } from './admin-menu-options.controller';
import { MenuCategoryEntity } from './entities/menu-category.entity';
import { MenuOptionGroupEntity } from './entities/menu-option-group.entity';
import { MenuOptionEntity } from './entities/menu-option.entity';
import { MenuEntity } from './entities/menu.entity';
import { MenuCategoriesRepository } from './menu-categories.repository';
import { MenuCategoriesService } from './menu-categories.service';
import { MenuItemImageService } from './menu-item-image.service';
import { MenuItemsRepository } from './menu-items.repository';
import { MenuItemsService } from './menu-items.service';
import { MenuOptionsRepository } from './menu-options.repository';
import { MenuOptionsService } from './menu-options.service';
import { MenuWrites } from './menu-writes.service';
import { SoldOutReleaser } from './sold-out-releaser.service';
import { MenuQueryService } from './menu-query.service';
import { MenuController } from './menu.controller';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      MenuCategoryEntity,
      MenuEntity,
      MenuOptionGroupEntity,
      MenuOptionEntity,
    ]),
    ImagesModule,
    OutboxModule,
  ],
  controllers: [
    MenuController,
    AdminMenuCategoriesController,
    AdminMenuItemsController,
    AdminMenuOptionsController,
  ],
  providers: [
    MenuCategoriesRepository,
    MenuItemsRepository,
    MenuQueryService,
    MenuCategoriesService,
    MenuItemsService,
    MenuItemImageService,
    MenuOptionsRepository,
    MenuOptionsService,
    MenuWrites,
    SoldOutReleaser,
  ],
})
export class MenuModule {}
