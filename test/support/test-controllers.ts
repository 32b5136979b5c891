import { Body, Controller, Get, Logger, Param, Post } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Public } from '../../src/common/http/public.decorator';
import { hashPassword } from '../../src/common/security/passwords';

/**
 * Routes that exist only in tests (mounted through startTestApp's `controllers` option): a
 * parametrised route and a failing handler for the global hooks, a handler that logs a
 * secret-laden object to prove the redaction paths, and an insert that fails in PostgreSQL with
 * a password hash among its parameters (a store admin without a store: its driver error's detail
 * repeats the failing row, hash included).
 */
@Public()
@Controller('test-only')
export class ProbeController {
  private readonly logger = new Logger('probe');

  constructor(private readonly dataSource: DataSource) {}

  @Get('items/:id')
  item(@Param('id') id: string): { id: string } {
    return { id };
  }

  @Get('fail')
  fail(): never {
    throw new Error('storage exploded while reading the menu');
  }

  @Post('failed-insert')
  async failedInsert(@Body() body: { password: string }): Promise<never> {
    const hash = await hashPassword(body.password);
    await this.dataSource.query(
      `/* query:probe.insertAdmin */ INSERT INTO users (store_id, username, password_hash, role)
       VALUES (NULL, 'probe', $1, 'store_admin')`,
      [hash],
    );
    throw new Error('the insert above always fails');
  }

  @Post('log-body')
  logBody(@Body() body: Record<string, unknown>): { ok: true } {
    this.logger.log({ credentials: body, token: body.access_token }, 'handling a login-like body');
    return { ok: true };
  }
}
