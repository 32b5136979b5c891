import { Global, Module } from '@nestjs/common';
import { ImageStore } from './image-store';
import { LocalDiskImageStore } from './local-disk-image-store.service';

@Global()
@Module({
  providers: [{ provide: ImageStore, useClass: LocalDiskImageStore }],
  exports: [ImageStore],
})
export class ImageStoreModule {}
