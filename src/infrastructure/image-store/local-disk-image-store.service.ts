import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, rename, stat, unlink } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { ImageStore, StoredImage } from './image-store';

/** Image bytes as files in one flat folder (UPLOAD_DIR). */
@Injectable()
export class LocalDiskImageStore extends ImageStore implements OnModuleInit {
  private readonly logger = new Logger('image-store');
  private readonly dir: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super();
    this.dir = resolve(config.uploads.dir);
  }

  async onModuleInit(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
  }

  async put(name: string, localFile: string): Promise<void> {
    const target = this.pathOf(name);
    try {
      await rename(localFile, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      await copyFile(localFile, target);
      await unlink(localFile);
    }
  }

  async find(name: string): Promise<StoredImage | null> {
    const path = this.pathOf(name);
    const stats = await stat(path).catch(() => null);
    if (!stats?.isFile()) return null;
    return {
      size: stats.size,
      etag: `"${stats.size.toString(36)}-${Math.trunc(stats.mtimeMs).toString(36)}"`,
      open: () => createReadStream(path),
    };
  }

  async delete(names: readonly string[]): Promise<void> {
    await Promise.all(
      names.map(async (name) => {
        try {
          await unlink(this.pathOf(name));
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
          this.logger.warn(`could not delete image ${name}: ${(error as Error).message}`);
        }
      }),
    );
  }

  /** Defence in depth: callers validate names, and the store still refuses anything but a plain file name. */
  private pathOf(name: string): string {
    if (basename(name) !== name || name.startsWith('.')) {
      throw new Error(`invalid image name "${name}"`);
    }
    return join(this.dir, name);
  }
}
