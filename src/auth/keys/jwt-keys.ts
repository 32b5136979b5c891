import { Logger } from '@nestjs/common';
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  KeyObject,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig } from '../../config/app-config';
import { ConfigError } from '../../config/env-parsers';

/** Injection token of the process's JwtKeys. */
export const JWT_KEYS = Symbol('JWT_KEYS');

export interface JwtKeys {
  /** Signs every token this instance issues. */
  privateKey: KeyObject;
  /** The public half of privateKey. */
  publicKey: KeyObject;
  /** `kid` header of the tokens this instance signs (keyIdOf(publicKey)). */
  keyId: string;
  /**
   * Every key a valid token may be signed with, by kid: the current one and, during a key
   * rotation, the previous ones, whose tokens stay valid until they expire.
   */
  verificationKeys: ReadonlyMap<string, KeyObject>;
}

/** A short, stable id of a public key: base64url SHA-256 of its SPKI encoding, 16 characters. */
export function keyIdOf(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64url').slice(0, 16);
}

const PUBLIC_PEM = /-----BEGIN (RSA )?PUBLIC KEY-----[\s\S]+?-----END (RSA )?PUBLIC KEY-----/g;

/** JWT_PUBLIC_KEY may hold several PEM public keys, one after another (a rotation's bundle). */
function publicKeysFrom(pem: string): KeyObject[] {
  const blocks = pem.match(PUBLIC_PEM) ?? [pem];
  return blocks.map((block) => createPublicKey(block));
}

const logger = new Logger('auth');

/** PEM text may arrive with literal "\n" sequences when passed through an env file. */
function pemFrom(value: string): string {
  return value.includes('-----BEGIN') ? value.replace(/\\n/g, '\n') : value;
}

function devKeyPair(dir: string): { privatePem: string; publicPem: string } {
  const privatePath = join(dir, 'jwt-private.pem');
  const publicPath = join(dir, 'jwt-public.pem');
  if (!existsSync(privatePath) || !existsSync(publicPath)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const pair = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    writeFileSync(privatePath, pair.privateKey, { mode: 0o600 });
    writeFileSync(publicPath, pair.publicKey, { mode: 0o644 });
    logger.warn(`no JWT keys configured: generated a development key pair in ${dir}`);
  }
  return {
    privatePem: readFileSync(privatePath, 'utf8'),
    publicPem: readFileSync(publicPath, 'utf8'),
  };
}

/**
 * Builds the RS256 key objects once at boot (parsing PEM per request costs ~90 µs).
 * Order: PEM from env, PEM files, else (outside production only) a generated dev pair. The
 * public PEM lists the current key's public half, and during a rotation the previous ones.
 */
export function loadJwtKeys(jwt: AppConfig['jwt']): JwtKeys {
  let privatePem: string;
  let publicPem: string;
  if (jwt.privateKey && jwt.publicKey) {
    privatePem = pemFrom(jwt.privateKey);
    publicPem = pemFrom(jwt.publicKey);
  } else if (jwt.privateKeyFile && jwt.publicKeyFile) {
    privatePem = readFileSync(jwt.privateKeyFile, 'utf8');
    publicPem = readFileSync(jwt.publicKeyFile, 'utf8');
  } else {
    ({ privatePem, publicPem } = devKeyPair(jwt.devKeysDir));
  }
  const privateKey = createPrivateKey(privatePem);
  if (privateKey.asymmetricKeyType !== 'rsa') throw new Error('JWT private key must be an RSA key');
  const publicKey = createPublicKey(privateKey);
  const keyId = keyIdOf(publicKey);
  const verificationKeys = new Map(publicKeysFrom(publicPem).map((key) => [keyIdOf(key), key]));
  if (!verificationKeys.has(keyId)) {
    throw new ConfigError(
      'JWT_PUBLIC_KEY',
      "must include the private key's public half (during a rotation: the new key, then the previous ones)",
    );
  }
  return { privateKey, publicKey, keyId, verificationKeys };
}
