import { Module } from '@nestjs/common';
import { ImageUploadService } from './image-upload.service';
import { ImagesController } from './images.controller';

/** Image uploads (checked, thumbnailed, stored through the ImageStore port) and serving. */
@Module({
  controllers: [ImagesController],
  providers: [ImageUploadService],
  exports: [ImageUploadService],
})
export class ImagesModule {}
