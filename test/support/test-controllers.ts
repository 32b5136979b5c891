import { Body, Controller, Get, Logger, Param, Post } from '@nestjs/common';
import { Public } from '../../src/common/http/public.decorator';

/**
 * Routes that exist only in tests (mounted through startTestApp's `controllers` option): a
 * parametrised route and a failing handler for the global hooks, and a handler that logs a
 * secret-laden object to prove the redaction paths.
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

  @Post('log-body')
  logBody(@Body() body: Record<string, unknown>): { ok: true } {
    this.logger.log({ credentials: body, token: body.access_token }, 'handling a login-like body');
    return { ok: true };
  }
}
