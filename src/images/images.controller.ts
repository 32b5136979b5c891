import { Controller, Get, Headers, Param, Res } from '@nestjs/common';
import {
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AppException } from '../common/errors/app.exception';
import { Public } from '../common/http/public.decorator';
import { ImageStore } from '../infrastructure/image-store/image-store';
import { headerRefs } from '../common/http/response-headers';
import { storedImageType } from './image-type';

/** Names are never reused, so a stored file never changes: caches may keep it for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

@ApiTags('images')
@Public()
@Controller('images')
export class ImagesController {
  constructor(private readonly store: ImageStore) {}

  @Get(':file')
  @ApiOperation({
    operationId: 'getImage',
    summary: 'A menu image or thumbnail by its generated file name',
  })
  @ApiParam({
    name: 'file',
    description: 'The file name of an image_url or thumbnail_url (a generated UUID and extension)',
    example: '7d3c1b9e-2f4a-4c8e-9b6d-1a2b3c4d5e6f.jpg',
  })
  @ApiHeader({
    name: 'If-None-Match',
    required: false,
    description: 'The ETag of a copy the client holds: 304 without a body when it still matches',
    example: '"5d41402abc4b2a76b9719d911017c592"',
  })
  @ApiOkResponse({
    description: 'The image, with ETag and a long immutable Cache-Control',
    content: Object.fromEntries(
      ['image/jpeg', 'image/png', 'image/webp', 'image/gif'].map((type) => [
        type,
        { schema: { type: 'string', format: 'binary' } },
      ]),
    ),
    headers: headerRefs('ETag', 'Cache-Control'),
  })
  @ApiResponse({
    status: 304,
    description: 'If-None-Match matched the ETag',
    headers: headerRefs('ETag', 'Cache-Control'),
  })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such image (or not a generated name)' })
  async serve(
    @Param('file') file: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const type = storedImageType(file);
    const image = type ? await this.store.find(file) : null;
    if (!type || !image) throw AppException.notFound('Image');
    reply
      .header('etag', image.etag)
      .header('cache-control', IMMUTABLE)
      .header('x-content-type-options', 'nosniff');
    if (etagMatches(ifNoneMatch, image.etag)) {
      await reply.code(304).send();
      return;
    }
    await reply.type(type.contentType).header('content-length', image.size).send(image.open());
  }
}
