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
  @ApiOkResponse({ type: LoginResponseDto })
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
  @ApiOkResponse({ type: LoginResponseDto })
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
  @ApiOkResponse({ type: LoginResponseDto })
  async tableLogin(@Body() body: TableLoginDto, @Ip() clientIp: string): Promise<LoginResponseDto> {
    return toLoginResponse(
      await this.login.loginTable(body.store_code, body.table_number, body.password, clientIp),
    );
  }
}
