import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppException } from '../common/errors/app.exception';
import { ImageUploadService, StoredImages } from '../images/image-upload.service';
import { ImageStore } from '../infrastructure/image-store/image-store';
import { MenuItemsRepository, ReplacedImages } from './menu-items.repository';
import { MenuItemsService } from './menu-items.service';
import { MenuWrites } from './menu-writes.service';

/** Replaces a menu item's image and thumbnail; the files it replaces are deleted once committed. */
@Injectable()
export class MenuItemImageService {
  constructor(
    private readonly items: MenuItemsService,
    private readonly repository: MenuItemsRepository,
    private readonly uploads: ImageUploadService,
    private readonly store: ImageStore,
    private readonly writes: MenuWrites,
  ) {}

  async replace(storeId: string, id: number, request: FastifyRequest): Promise<StoredImages> {
    await this.items.requireLive(storeId, id);
    const images = await this.uploads.ingest(request);
    let previous: ReplacedImages;
    try {
      previous = await this.writes.write(storeId, async (manager) => {
        const replaced = await this.repository.replaceImages(
          manager,
          storeId,
          id,
          images.image,
          images.thumbnail,
        );
        if (!replaced) throw AppException.notFound('Menu item');
        return { value: replaced, changed: { entity: 'menu_item', ids: [id] } };
      });
    } catch (error) {
      await this.uploads.discard(images);
      throw error;
    }
    const replaced = [previous.image_path, previous.thumbnail_path].filter(
      (name): name is string => name !== null,
    );
    if (replaced.length > 0) await this.store.delete(replaced);
    return images;
  }
}
