import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AccountsRepository } from './accounts.repository';
import { AccountsService } from './accounts.service';
import { AuthController } from './auth.controller';
import { UserEntity } from './entities/user.entity';
import { AuthGuard } from './guards/auth.guard';
import { JWT_KEYS, loadJwtKeys } from './keys/jwt-keys';
import { CredentialsRepository } from './login/credentials.repository';
import { LoginService } from './login/login.service';
import { LoginLockout } from './login/login-lockout.service';
import { TokenVersionService } from './revocation/token-version.service';
import { TokenVersionsRepository } from './revocation/token-versions.repository';
import { TokenService } from './token.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([UserEntity]),
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      // The keys are passed per call by TokenService (JWT_KEYS: one signing key, several
      // verification keys during a rotation).
      useFactory: (config: AppConfig) => {
        const claims = { issuer: config.jwt.issuer, audience: config.jwt.audience };
        return {
          signOptions: { algorithm: 'RS256', ...claims },
          verifyOptions: { algorithms: ['RS256'], ...claims },
        };
      },
    }),
  ],
  controllers: [AuthController],
  providers: [
    {
      provide: JWT_KEYS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => loadJwtKeys(config.jwt),
    },
    TokenService,
    AccountsRepository,
    AccountsService,
    CredentialsRepository,
    LoginService,
    LoginLockout,
    TokenVersionsRepository,
    TokenVersionService,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [TokenService, AccountsService, TokenVersionService, LoginLockout],
})
export class AuthModule {}
