import { Body, Controller, Get, Logger, Param, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Public } from '../../src/common/http/public.decorator';

/**
 * Routes that exist only in tests (mounted through startTestApp's `controllers` option), to
 * exercise the global hooks on a parametrised route, a failing handler and an authenticated
 * request before the feature modules that have such routes exist.
 */
@Public()
@Controller('test-only')
export class ProbeController {
  private readonly logger = new Logger('probe');

  @Get('items/:id')
  item(@Param('id') id: string): { id: string } {
    return { id };
  }

  @Get('fail')
  fail(): never {
    throw new Error('storage exploded while reading the menu');
  }

  /** Plays the auth guard's part: it sets request.principal before the handler answers. */
  @Post('as-user')
  asUser(@Req() request: FastifyRequest, @Body() body: Record<string, unknown>): { ok: true } {
    request.principal = { sub: 'user-42', role: 'store_admin', store_id: 'store-1' };
    this.logger.log({ credentials: body, token: body.access_token }, 'handling a login-like body');
    return { ok: true };
  }
}
