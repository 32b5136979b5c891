import { Body, Controller, HttpCode, Ip, Post } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { SmallBody } from '../common/http/body-limit.decorator';
import { Public } from '../common/http/public.decorator';
import { LoginRateLimit } from '../common/rate-limit/rate-limit.decorator';
import { AdminLoginDto, SuperadminLoginDto, TableLoginDto } from './dto/login.dto';
import { LoginResponseDto } from './dto/login-response.dto';
import { toLoginResponse } from './login/login-response-mapper';
import { LoginService } from './login/login.service';

/** The answer of each login with the default lifetimes (JWT_*_TTL_SECONDS) and the demo ids. */
const TOKEN =
  'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIiwicm9sZSI6InRhYmxlIn0.c2lnbmF0dXJl';
const DEMO_STORE_ID = '3f0e8a52-1c2b-4d7e-9a10-6b5c4d3e2f1a';
const LOGIN_EXAMPLES = {
  superadmin: { access_token: TOKEN, token_type: 'Bearer', expires_in: 3600, role: 'superadmin' },
  storeAdmin: {
    access_token: TOKEN,
    token_type: 'Bearer',
    expires_in: 57600,
    role: 'store_admin',
    store_id: DEMO_STORE_ID,
  },
  table: {
    access_token: TOKEN,
    token_type: 'Bearer',
    expires_in: 2592000,
    role: 'table',
    store_id: DEMO_STORE_ID,
    table_id: 1,
    table_number: 1,
  },
} satisfies Record<string, LoginResponseDto>;

@ApiTags('auth')
@Public()
@LoginRateLimit()
@Controller('api/auth')
@ApiUnauthorizedResponse({
  description: 'INVALID_CREDENTIALS (same answer for unknown store, account or password)',
})
@ApiResponse({
  status: 423,
  description:
    'ACCOUNT_LOCKED after repeated failures from this address (or very many from several), with Retry-After',
})
@ApiTooManyRequestsResponse({
  description: 'RATE_LIMIT_EXCEEDED: too many logins from this IP, with Retry-After',
})
export class AuthController {
  constructor(private readonly login: LoginService) {}

  @Post('superadmin/login')
  @HttpCode(200)
  @SmallBody()
  @ApiOperation({ operationId: 'loginSuperadmin', summary: 'Superadmin login' })
  @ApiOkResponse({ type: LoginResponseDto, example: LOGIN_EXAMPLES.superadmin })
  async superadminLogin(
    @Body() body: SuperadminLoginDto,
    @Ip() clientIp: string,
  ): Promise<LoginResponseDto> {
    return toLoginResponse(
      await this.login.loginSuperadmin(body.username, body.password, clientIp),
    );
  }

  @Post('admin/login')
  @HttpCode(200)
  @SmallBody()
  @ApiOperation({
    operationId: 'loginStoreAdmin',
    summary: 'Store admin login (store code + username + password)',
  })
  @ApiOkResponse({ type: LoginResponseDto, example: LOGIN_EXAMPLES.storeAdmin })
  async adminLogin(@Body() body: AdminLoginDto, @Ip() clientIp: string): Promise<LoginResponseDto> {
    return toLoginResponse(
      await this.login.loginStoreAdmin(body.store_code, body.username, body.password, clientIp),
    );
  }

  @Post('table/login')
  @HttpCode(200)
  @SmallBody()
  @ApiOperation({
    operationId: 'loginTable',
    summary: 'Table tablet login (store code + table number + password)',
  })
  @ApiOkResponse({ type: LoginResponseDto, example: LOGIN_EXAMPLES.table })
  async tableLogin(@Body() body: TableLoginDto, @Ip() clientIp: string): Promise<LoginResponseDto> {
    return toLoginResponse(
      await this.login.loginTable(body.store_code, body.table_number, body.password, clientIp),
    );
  }
}
