import { Inject, Injectable } from '@nestjs/common';
import { KeyObject } from 'node:crypto';
import { JwtService, TokenExpiredError } from '@nestjs/jwt';
import { AppException } from '../common/errors/app.exception';
import { ErrorCode } from '../common/errors/error-code';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { bearerTokenOf } from './bearer-token';
import { JWT_KEYS, JwtKeys } from './keys/jwt-keys';
import { Principal, Role, ROLES } from '../common/http/principal';

interface AccessTokenClaims {
  sub: string;
  role: Role;
  store_id: string | null;
  table_id?: number;
  table_number?: number;
  /** Token version (docs/decisions.md, 'Revocation'); tokens issued before it count as 0. */
  ver?: number;
  exp: number;
}

export interface IssuedToken {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
}

/** Appended to JWT_AUDIENCE for stream-session tokens. */
const STREAM_SESSION_AUDIENCE_SUFFIX = ':stream-session';

/** Verified tokens are kept until their exp, so a hot path pays one RS256 verify per token. */
const VERIFIED_CACHE_LIMIT = 10_000;

@Injectable()
export class TokenService {
  private readonly verified = new Map<string, { principal: Principal; expiresAtMs: number }>();

  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JWT_KEYS) private readonly keys: JwtKeys,
  ) {}

  ttlFor(role: Role): number {
    const { jwt } = this.config;
    if (role === 'superadmin') return jwt.superadminTtlSeconds;
    if (role === 'store_admin') return jwt.adminTtlSeconds;
    return jwt.tableTtlSeconds;
  }

  issue(principal: Principal): IssuedToken {
    const expiresIn = this.ttlFor(principal.role);
    return {
      access_token: this.sign(principal, expiresIn),
      token_type: 'Bearer',
      expires_in: expiresIn,
    };
  }

  /**
   * A stream-session token (the stream_session cookie): the principal's claims under an audience
   * of its own, so it is never accepted as an access token, valid for `lifetimeSeconds`.
   */
  issueStreamSession(principal: Principal, lifetimeSeconds: number): string {
    return this.sign(principal, lifetimeSeconds, this.streamSessionAudience);
  }

  /** Throws TOKEN_EXPIRED or INVALID_TOKEN; never returns an unverified principal. */
  verify(token: string): Principal {
    return this.verifyCached(token).principal;
  }

  /** Seconds the (valid) access token has left; throws as verify() does. */
  secondsLeft(token: string): number {
    return Math.floor((this.verifyCached(token).expiresAtMs - Date.now()) / 1000);
  }

  /** Verifies a stream-session token as an access token is verified, under its own audience. */
  verifyStreamSession(token: string): Principal {
    return toPrincipal(this.verifySignature(token, this.streamSessionAudience));
  }

  private get streamSessionAudience(): string {
    return `${this.config.jwt.audience}${STREAM_SESSION_AUDIENCE_SUFFIX}`;
  }

  private sign(principal: Principal, expiresIn: number, audience?: string): string {
    const claims: Omit<AccessTokenClaims, 'exp'> = {
      sub: principal.sub,
      role: principal.role,
      store_id: principal.store_id,
      ver: principal.token_version,
      ...(principal.role === 'table'
        ? { table_id: principal.table_id, table_number: principal.table_number }
        : {}),
    };
    return this.jwt.sign(claims, {
      expiresIn,
      privateKey: this.keys.privateKey,
      keyid: this.keys.keyId,
      ...(audience === undefined ? {} : { audience }),
    });
  }

  private verifyCached(token: string): { principal: Principal; expiresAtMs: number } {
    const now = Date.now();
    const cached = this.verified.get(token);
    if (cached) {
      if (cached.expiresAtMs > now) return cached;
      this.verified.delete(token);
    }
    const claims = this.verifySignature(token);
    const entry = { principal: toPrincipal(claims), expiresAtMs: claims.exp * 1000 };
    if (this.verified.size >= VERIFIED_CACHE_LIMIT) {
      const oldest = this.verified.keys().next().value;
      if (oldest !== undefined) this.verified.delete(oldest);
    }
    this.verified.set(token, entry);
    return entry;
  }

  /**
   * The principal behind an Authorization header if it carries a valid token, else null. Never
   * throws: for keying (rate limits), not for access decisions, which stay with the auth guard.
   */
  principalOf(authorization: string | undefined): Principal | null {
    const token = authorization ? bearerTokenOf(authorization) : null;
    if (!token) return null;
    try {
      return this.verify(token);
    } catch {
      return null;
    }
  }

  /** Verifies against the key its `kid` names; a token without one, against each key in turn. */
  private verifySignature(token: string, audience?: string): AccessTokenClaims {
    for (const publicKey of this.candidateKeys(token)) {
      try {
        // jsonwebtoken takes a KeyObject; @nestjs/jwt's option type only names string | Buffer.
        return this.jwt.verify<AccessTokenClaims>(token, {
          publicKey: publicKey as never,
          ...(audience === undefined ? {} : { audience }),
        });
      } catch (error) {
        // jsonwebtoken checks the signature before exp: expired means signed by this key.
        if (error instanceof TokenExpiredError) {
          throw new AppException(ErrorCode.TOKEN_EXPIRED, 'Access token has expired');
        }
      }
    }
    throw invalidToken();
  }

  private candidateKeys(token: string): KeyObject[] {
    const { verificationKeys } = this.keys;
    const kid = headerOf(token)?.kid;
    if (kid === undefined) return [...verificationKeys.values()];
    const key = typeof kid === 'string' ? verificationKeys.get(kid) : undefined;
    return key ? [key] : [];
  }
}

function headerOf(token: string): { kid?: unknown } | null {
  try {
    const header: unknown = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString());
    return header && typeof header === 'object' ? header : null;
  } catch {
    return null;
  }
}

function invalidToken(): AppException {
  return new AppException(ErrorCode.INVALID_TOKEN, 'Access token is invalid');
}

function toPrincipal(claims: AccessTokenClaims): Principal {
  const { sub, role, store_id: storeId, ver: tokenVersion = 0 } = claims;
  if (
    typeof sub !== 'string' ||
    !ROLES.includes(role) ||
    typeof claims.exp !== 'number' ||
    !Number.isInteger(tokenVersion)
  ) {
    throw invalidToken();
  }
  if (role === 'superadmin') return { sub, role, store_id: null, token_version: tokenVersion };
  if (typeof storeId !== 'string') throw invalidToken();
  if (role === 'store_admin') {
    return { sub, role, store_id: storeId, token_version: tokenVersion };
  }
  const { table_id: tableId, table_number: tableNumber } = claims;
  if (typeof tableId !== 'number' || !Number.isInteger(tableId)) throw invalidToken();
  if (typeof tableNumber !== 'number') throw invalidToken();
  return {
    sub,
    role,
    store_id: storeId,
    table_id: tableId,
    table_number: tableNumber,
    token_version: tokenVersion,
  };
}
