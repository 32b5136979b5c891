import type { MultipartFile } from '@fastify/multipart';
import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { createWriteStream, WriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import sharp, { Sharp, SharpOptions } from 'sharp';
import { AppException } from '../common/errors/app.exception';
import { ErrorCode } from '../common/errors/error-code';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ImageStore } from '../infrastructure/image-store/image-store';
import { detectImageType, ImageType, SIGNATURE_BYTES } from './image-type';

export interface StoredImages {
  image: string;
  thumbnail: string;
}

export const IMAGE_FIELD = 'image';
const THUMBNAIL_SIZE = 300;
const THUMBNAIL_QUALITY = 80;
/** Originals are re-encoded (to drop their metadata) at a quality that keeps them close to the upload. */
const ORIGINAL_QUALITY = 90;
/** Multipart framing (boundaries, part headers, a few small fields) allowed beyond the file limit. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;
/**
 * A refused upload whose declared length is at most this many times the limit is read to its
 * end and discarded, so the client reliably receives the error; anything larger, or of unknown
 * length (chunked), gets the error with `Connection: close` and is not read further.
 */
const DRAIN_FACTOR = 4;

/** Fails the upload as soon as its first bytes are not a JPEG, PNG, WebP or GIF signature. */
class SignatureCheck extends Transform {
  type?: ImageType;
  private head = Buffer.alloc(0);

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.type === undefined) {
      this.head = Buffer.concat([this.head, chunk]);
      if (this.head.length >= SIGNATURE_BYTES && !this.recognise()) return done(unsupported());
    }
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    done(this.type === undefined && !this.recognise() ? unsupported() : null);
  }

  private recognise(): boolean {
    this.type = detectImageType(this.head);
    return this.type !== undefined;
  }
}

function unsupported(): AppException {
  return new AppException(
    ErrorCode.UNSUPPORTED_MEDIA_TYPE,
    'The file is not a JPEG, PNG, WebP or GIF image',
  );
}

function closed(stream: WriteStream): Promise<void> {
  return new Promise((resolve) => (stream.closed ? resolve() : stream.once('close', resolve)));
}

function unprocessable(message: string): AppException {
  return new AppException(ErrorCode.UNPROCESSABLE_ENTITY, message);
}

/** Stream errors that are not the server's own I/O (a system error has a syscall). */
function isClientStreamError(error: unknown): boolean {
  return error instanceof Error && !(error instanceof AppException) && !('syscall' in error);
}

/**
 * Takes an image upload from a multipart request: streamed to a staging file in chunks with the
 * size limit enforced while streaming, type checked by magic bytes, canvas checked against
 * IMAGE_MAX_PIXELS before any decoding, the original re-encoded without metadata and a 300×300
 * JPEG thumbnail made by sharp (on the libuv pool), both kept in the image store under
 * generated names.
 */
@Injectable()
export class ImageUploadService implements OnModuleInit {
  private readonly logger = new Logger('images');
  private readonly staging: string;
  private readonly maxBytes: number;
  private readonly sharpOptions: SharpOptions;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly store: ImageStore,
  ) {
    this.staging = config.uploads.tmpDir;
    this.maxBytes = config.uploads.maxBytes;
    this.sharpOptions = { limitInputPixels: config.uploads.maxPixels };
  }

  async onModuleInit(): Promise<void> {
    await mkdir(this.staging, { recursive: true });
  }

  /** Reads the multipart field `image`, checks it, stores it and its thumbnail. */
  async ingest(request: FastifyRequest): Promise<StoredImages> {
    const declared = Number(request.headers['content-length']);
    const drainable = declared <= this.maxBytes * DRAIN_FACTOR;
    // A body declared too large is refused before any of it is read.
    if (declared > this.maxBytes + MULTIPART_OVERHEAD_BYTES) {
      throw afterBody(this.tooLarge(), drainable);
    }
    if (!request.isMultipart()) {
      throw new AppException(
        ErrorCode.UNSUPPORTED_MEDIA_TYPE,
        `Send the image as multipart/form-data in the field "${IMAGE_FIELD}"`,
      );
    }
    const part = await request.file();
    const staged = join(this.staging, randomUUID());
    const clean = `${staged}.clean`;
    const thumbnail = `${staged}.thumbnail`;
    try {
      if (part?.fieldname !== IMAGE_FIELD) {
        throw AppException.validationFailed([
          {
            field: IMAGE_FIELD,
            message: `an image file is required in the field "${IMAGE_FIELD}"`,
          },
        ]);
      }
      const type = await this.receive(part, staged);
      await this.checkCanvas(staged);
      await this.reencode(staged, type, clean);
      await this.makeThumbnail(staged, thumbnail);
      return await this.keep(clean, type, thumbnail);
    } catch (error) {
      throw this.settleBody(request, error, drainable);
    } finally {
      await Promise.all([staged, clean, thumbnail].map((path) => rm(path, { force: true })));
    }
  }

  /** Removes stored files that will not be used (e.g. the item vanished meanwhile). */
  async discard(images: StoredImages): Promise<void> {
    await this.store.delete([images.image, images.thumbnail]);
  }

  private async receive(part: MultipartFile, path: string): Promise<ImageType> {
    const check = new SignatureCheck();
    part.file.once('limit', () => part.file.destroy(this.tooLarge()));
    const target = createWriteStream(path, { flags: 'wx' });
    try {
      await pipeline(part.file, check, target);
    } finally {
      // A pipeline can fail before the file is even opened; the caller's clean-up must run after
      // the open, or it would remove nothing and the file would appear afterwards.
      await closed(target);
    }
    if (part.file.truncated) throw this.tooLarge();
    return check.type as ImageType;
  }

  /**
   * An upload failed while its body may be unread: discard the rest when it is bounded, else
   * have the connection closed after the answer. A broken multipart body is the client's error.
   */
  private settleBody(request: FastifyRequest, error: unknown, drainable: boolean): unknown {
    const raw = request.raw;
    if (!raw.readableEnded) {
      raw.unpipe();
      if (drainable) raw.resume();
      else raw.pause();
    }
    if (isClientStreamError(error)) {
      this.logger.debug(`unreadable upload: ${(error as Error).message}`);
      return afterBody(
        new AppException(ErrorCode.VALIDATION_FAILED, 'The multipart body could not be read'),
        drainable,
      );
    }
    return error instanceof AppException ? afterBody(error, drainable) : error;
  }

  /** Refuses an image that does not decode or whose canvas is over IMAGE_MAX_PIXELS, unread. */
  private async checkCanvas(source: string): Promise<void> {
    const { width = 0, height = 0 } = await sharp(source, this.sharpOptions)
      .metadata()
      .catch(() => {
        throw unprocessable('The image could not be read');
      });
    const limit = this.sharpOptions.limitInputPixels as number;
    if (width * height === 0) throw unprocessable('The image has no pixels');
    if (width * height > limit) {
      throw unprocessable(`The image is ${width}×${height} pixels; at most ${limit} are accepted`);
    }
  }

  /**
   * The original as served: decoded and encoded again in its own format, turned upright by its
   * EXIF orientation first, with no metadata at all (EXIF, GPS, XMP, IPTC, comments are never
   * copied by sharp unless asked). Animated GIF and WebP keep their frames.
   */
  private async reencode(source: string, type: ImageType, target: string): Promise<void> {
    const animated = type.extension === 'gif' || type.extension === 'webp';
    try {
      const image = sharp(source, { ...this.sharpOptions, animated }).rotate();
      await encodedAs(image, type).toFile(target);
    } catch (error) {
      this.logger.warn(`re-encoding failed: ${(error as Error).message}`);
      throw unprocessable('The image could not be decoded');
    }
  }

  private async makeThumbnail(source: string, target: string): Promise<void> {
    try {
      await sharp(source, this.sharpOptions)
        .rotate()
        .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'cover' })
        .flatten({ background: '#ffffff' })
        .jpeg({ quality: THUMBNAIL_QUALITY })
        .toFile(target);
    } catch (error) {
      this.logger.warn(`thumbnail failed: ${(error as Error).message}`);
      throw unprocessable('The image could not be decoded');
    }
  }

  private async keep(staged: string, type: ImageType, thumbnail: string): Promise<StoredImages> {
    const names = { image: `${randomUUID()}.${type.extension}`, thumbnail: `${randomUUID()}.jpg` };
    await this.store.put(names.image, staged);
    try {
      await this.store.put(names.thumbnail, thumbnail);
    } catch (error) {
      await this.store.delete([names.image]);
      throw error;
    }
    return names;
  }

  private tooLarge(): AppException {
    const megabytes = Math.round((this.maxBytes / (1024 * 1024)) * 10) / 10;
    return new AppException(
      ErrorCode.PAYLOAD_TOO_LARGE,
      `The image must be at most ${megabytes} MB`,
    );
  }
}

/** The same format as the upload (the stored name's extension says which). */
function encodedAs(image: Sharp, type: ImageType): Sharp {
  switch (type.extension) {
    case 'jpg':
      return image.jpeg({ quality: ORIGINAL_QUALITY });
    case 'png':
      return image.png();
    case 'webp':
      return image.webp({ quality: ORIGINAL_QUALITY });
    case 'gif':
      return image.gif();
  }
}

/** The error as answered while the request body may still be arriving (see DRAIN_FACTOR). */
function afterBody(error: AppException, drainable: boolean): AppException {
  if (drainable) return error;
  return new AppException(error.code, error.message, error.details, {
    ...error.headers,
    connection: 'close',
  });
}
