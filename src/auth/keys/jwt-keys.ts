import { Logger } from '@nestjs/common';
import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig } from '../../config/app-config';

export interface JwtKeys {
  privateKey: KeyObject;
  publicKey: KeyObject;
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
 * Order: PEM from env, PEM files, else (outside production only) a generated dev pair.
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
  const publicKey = createPublicKey(publicPem);
  if (privateKey.asymmetricKeyType !== 'rsa') throw new Error('JWT private key must be an RSA key');
  return { privateKey, publicKey };
}
