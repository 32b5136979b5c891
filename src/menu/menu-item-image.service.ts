import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppException } from '../common/errors/app.exception';
import { ImageUploadService, StoredImages } from '../images/image-upload.service';
import { ImageStore } from '../infrastructure/image-store/image-store';
import { MenuItemsRepository, ReplacedImages } from './menu-items.repository';
import { MenuItemsService } from './menu-items.service';

/** Replaces a menu item's image and thumbnail; the files it replaces are deleted once committed. */
@Injectable()
export class MenuItemImageService {
  constructor(
    private readonly items: MenuItemsService,
    private readonly repository: MenuItemsRepository,
    private readonly uploads: ImageUploadService,
    private readonly store: ImageStore,
  ) {}

  async replace(storeId: string, id: number, request: FastifyRequest): Promise<StoredImages> {
    await this.items.requireLive(storeId, id);
    const images = await this.uploads.ingest(request);
    let previous: ReplacedImages | null;
    try {
      previous = await this.repository.replaceImages(storeId, id, images.image, images.thumbnail);
    } catch (error) {
      await this.uploads.discard(images);
      throw error;
    }
    if (!previous) {
      await this.uploads.discard(images);
      throw AppException.notFound('Menu item');
    }
    await this.items.invalidate(storeId, id);
    const replaced = [previous.image_path, previous.thumbnail_path].filter(
      (name): name is string => name !== null,
    );
    if (replaced.length > 0) await this.store.delete(replaced);
    return images;
  }
}
