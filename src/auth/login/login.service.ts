import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { hashPassword, verifyPassword } from '../../common/security/passwords';
import { AppConfig, DEV_SUPERADMIN } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { Principal } from '../../common/http/principal';
import { IssuedToken, TokenService } from '../token.service';
import { CredentialsRepository, CredentialTable, LoginCandidate } from './credentials.repository';
import { LoginLockout } from './login-lockout.service';

/** The principal's claims without `sub` and the version, per role. */
type ClaimsOf<P> = P extends Principal ? Omit<P, 'sub' | 'token_version'> : never;

export type LoginResult = IssuedToken & ClaimsOf<Principal>;

/**
 * The three logins. Unknown store, unknown account and wrong password give one answer, cost one
 * argon2 verification each and go through the same lockout, so neither the body, the timing nor
 * the lockout tells them apart. `clientIp` is the address the lockout counts failures for.
 */
@Injectable()
export class LoginService implements OnModuleInit {
  private readonly logger = new Logger('auth');
  private dummyHash = '';

  constructor(
    private readonly credentials: CredentialsRepository,
    private readonly lockout: LoginLockout,
    private readonly tokens: TokenService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    this.dummyHash = await hashPassword('timing-equaliser-not-a-real-password');
  }

  async loginSuperadmin(
    username: string,
    password: string,
    clientIp: string,
  ): Promise<LoginResult> {
    const account = await this.credentials.findSuperadmin(username);
    const name = `superadmin\n${username.toLowerCase()}`;
    await this.authenticate('users', account, password, name, clientIp);
    if (this.config.isProduction && password === DEV_SUPERADMIN.password) {
      // Disabled at boot already; this covers a password set back to it while running.
      this.logger.warn(
        `superadmin login refused: the password is the development default, which production refuses`,
      );
      throw invalidCredentials();
    }
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
    clientIp: string,
  ): Promise<LoginResult> {
    const account = await this.credentials.findStoreAdmin(storeCode, username);
    const name = `store_admin\n${storeCode}\n${username.toLowerCase()}`;
    await this.authenticate('users', account, password, name, clientIp);
    return this.issue({
      sub: String(account!.id),
      role: 'store_admin',
      store_id: account!.store_id,
      token_version: account!.token_version,
    });
  }

  async loginTable(
    storeCode: string,
    tableNumber: number,
    password: string,
    clientIp: string,
  ): Promise<LoginResult> {
    const table = await this.credentials.findTable(storeCode, tableNumber);
    await this.authenticate(
      'tables',
      table,
      password,
      `table\n${storeCode}\n${tableNumber}`,
      clientIp,
    );
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
    clientIp: string,
  ): Promise<void> {
    const subject = candidate
      ? LoginLockout.accountSubject(table, candidate.id)
      : LoginLockout.nameSubject(name);
    assertNotLocked(await this.lockout.lockedForMs(subject, clientIp));
    const matches = await verifyPassword(candidate?.password_hash ?? this.dummyHash, password);
    if (!candidate || !matches) {
      await this.lockout.recordFailure(subject, clientIp);
      throw invalidCredentials();
    }
    await this.lockout.recordSuccess(subject, clientIp);
  }
}

function invalidCredentials(): AppException {
  return new AppException(ErrorCode.INVALID_CREDENTIALS, 'Invalid credentials');
}

function assertNotLocked(remainingMs: number): void {
  if (remainingMs <= 0) return;
  const retryAfter = Math.ceil(remainingMs / 1000);
  throw new AppException(
    ErrorCode.ACCOUNT_LOCKED,
    `Too many failed logins; try again in ${retryAfter} seconds`,
    undefined,
    { 'Retry-After': String(retryAfter) },
  );
}
