import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { hashPassword, verifyPassword } from '../../common/security/passwords';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { Principal } from '../principal';
import { IssuedToken, TokenService } from '../token.service';
import {
  CredentialTable,
  LoginAttemptsRepository,
  LoginCandidate,
} from './login-attempts.repository';
import { UnknownAccountLockout } from './unknown-account-lockout';

export type LoginResult = IssuedToken & Omit<Principal, 'sub' | 'token_version'>;

/**
 * The three logins. Unknown store, unknown account and wrong password give one answer and cost
 * one argon2 verification each, and unknown names lock after as many failures as real accounts,
 * so neither the body, the timing nor the lockout tells them apart.
 */
@Injectable()
export class LoginService implements OnModuleInit {
  private dummyHash = '';

  constructor(
    private readonly attempts: LoginAttemptsRepository,
    private readonly unknownAccounts: UnknownAccountLockout,
    private readonly tokens: TokenService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    this.dummyHash = await hashPassword('timing-equaliser-not-a-real-password');
  }

  async loginSuperadmin(username: string, password: string): Promise<LoginResult> {
    const account = await this.attempts.findSuperadmin(username);
    await this.authenticate('users', account, password, `superadmin\n${username}`);
    return this.issue({
      sub: String(account!.id),
      role: 'superadmin',
      store_id: null,
      token_version: account!.token_version,
    });
  }

  async loginStoreAdmin(
    storeCode: string,
    username: string,
    password: string,
  ): Promise<LoginResult> {
    const account = await this.attempts.findStoreAdmin(storeCode, username);
    await this.authenticate('users', account, password, `store_admin\n${storeCode}\n${username}`);
    return this.issue({
      sub: String(account!.id),
      role: 'store_admin',
      store_id: account!.store_id,
      token_version: account!.token_version,
    });
  }

  async loginTable(storeCode: string, tableNumber: number, password: string): Promise<LoginResult> {
    const table = await this.attempts.findTable(storeCode, tableNumber);
    await this.authenticate('tables', table, password, `table\n${storeCode}\n${tableNumber}`);
    return this.issue({
      sub: String(table!.id),
      role: 'table',
      store_id: table!.store_id,
      table_id: table!.id,
      table_number: table!.table_number,
      token_version: table!.token_version,
    });
  }

  private issue(principal: Principal): LoginResult {
    const { sub: _sub, token_version: _version, ...claims } = principal;
    return { ...this.tokens.issue(principal), ...claims };
  }

  /** `name` identifies the login attempted, for the lockout of names without an account. */
  private async authenticate(
    table: CredentialTable,
    candidate: LoginCandidate | null,
    password: string,
    name: string,
  ): Promise<void> {
    if (!candidate) {
      assertNotLocked(await this.unknownAccounts.lockedUntil(name));
      await verifyPassword(this.dummyHash, password);
      await this.unknownAccounts.recordFailure(name);
      throw invalidCredentials();
    }
    assertNotLocked(candidate.locked_until);
    if (!(await verifyPassword(candidate.password_hash, password))) {
      const { maxFailures, lockSeconds } = this.config.login;
      await this.attempts.recordFailure(table, candidate.id, maxFailures, lockSeconds);
      throw invalidCredentials();
    }
    await this.attempts.recordSuccess(table, candidate.id);
  }
}

function invalidCredentials(): AppException {
  return new AppException(ErrorCode.INVALID_CREDENTIALS, 'Invalid credentials');
}

function assertNotLocked(lockedUntil: Date | null): void {
  if (!lockedUntil) return;
  const remainingMs = lockedUntil.getTime() - Date.now();
  if (remainingMs <= 0) return;
  const retryAfter = Math.ceil(remainingMs / 1000);
  throw new AppException(
    ErrorCode.ACCOUNT_LOCKED,
    `Too many failed logins; try again in ${retryAfter} seconds`,
    undefined,
    { 'Retry-After': String(retryAfter) },
  );
}
