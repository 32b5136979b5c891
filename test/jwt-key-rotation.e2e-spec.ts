import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { keyIdOf, loadJwtKeys } from '../src/auth/keys/jwt-keys';
import { bearer, superadminToken } from './support/fixtures';
import { signRs256 } from './support/jwt-forge';
import { startTestApp, TestApp } from './support/test-app';
import { testConfig } from './support/test-config';

const URL = '/api/superadmin/stores';

function pemPair(): { privatePem: string; publicPem: string } {
  const pair = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return { privatePem: pair.privateKey, publicPem: pair.publicKey };
}

const kidOf = (privatePem: string): string =>
  keyIdOf(createPublicKey(createPrivateKey(privatePem)));

const headerOf = (token: string): { kid?: string; alg: string } =>
  JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString());

/**
 * Key rotation (docs/operations.md): instances sign with the current private key and verify
 * against every public key JWT_PUBLIC_KEY lists, so tokens signed with the previous key keep
 * working until they expire, and dropping the previous key ends them.
 */
describe('JWT key rotation', () => {
  const oldKeys = pemPair();
  const newKeys = pemPair();
  let apps: TestApp[] = [];

  const boot = async (privatePem: string, ...publicPems: string[]) => {
    const app = await startTestApp({
      JWT_PRIVATE_KEY: privatePem,
      JWT_PUBLIC_KEY: publicPems.join('\n'),
    });
    apps.push(app);
    return app;
  };
  const status = async (app: TestApp, token: string) =>
    (await app.app.inject({ method: 'GET', url: URL, headers: bearer(token) })).statusCode;

  afterEach(async () => {
    await Promise.all(apps.map((app) => app.close()));
    apps = [];
  });

  it('accepts the previous key’s tokens next to the new key’s, and signs with the new key', async () => {
    const before = await boot(oldKeys.privatePem, oldKeys.publicPem);
    const oldToken = await superadminToken(before.app, before.dataSource);
    expect(headerOf(oldToken)).toMatchObject({
      alg: 'RS256',
      kid: kidOf(oldKeys.privatePem),
    });

    // Phase 1 of the runbook: every instance learns the new public key, still signing with the old.
    const learning = await boot(oldKeys.privatePem, oldKeys.publicPem, newKeys.publicPem);
    expect(await status(learning, oldToken)).toBe(200);

    // Phase 2: instances sign with the new key; both keys verify.
    const rotated = await boot(newKeys.privatePem, newKeys.publicPem, oldKeys.publicPem);
    const newToken = await superadminToken(rotated.app, rotated.dataSource);
    expect(headerOf(newToken).kid).toBe(kidOf(newKeys.privatePem));
    expect(await status(rotated, oldToken)).toBe(200);
    expect(await status(rotated, newToken)).toBe(200);
    expect(await status(learning, newToken)).toBe(200);
  });

  it('verifies a token without kid (issued before kids) against each listed key', async () => {
    const app = await boot(newKeys.privatePem, newKeys.publicPem, oldKeys.publicPem);
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      sub: '1',
      role: 'superadmin',
      store_id: null,
      iss: app.config.jwt.issuer,
      aud: app.config.jwt.audience,
      iat: now,
      exp: now + 600,
    };
    const legacy = signRs256(claims, createPrivateKey(oldKeys.privatePem));
    expect(headerOf(legacy).kid).toBeUndefined();
    expect(await status(app, legacy)).toBe(200);
    const stranger = signRs256(claims, createPrivateKey(pemPair().privatePem));
    expect(await status(app, stranger)).toBe(401);
  });

  it('refuses the previous key’s tokens once it is dropped from the list', async () => {
    const before = await boot(oldKeys.privatePem, oldKeys.publicPem);
    const oldToken = await superadminToken(before.app, before.dataSource);
    const after = await boot(newKeys.privatePem, newKeys.publicPem);
    const response = await after.app.inject({ method: 'GET', url: URL, headers: bearer(oldToken) });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('INVALID_TOKEN');
  });

  it('refuses key settings whose public keys do not include the signing key’s', () => {
    const jwt = {
      ...testConfig().jwt,
      privateKey: newKeys.privatePem,
      publicKey: oldKeys.publicPem,
    };
    expect(() => loadJwtKeys(jwt)).toThrow(
      "JWT_PUBLIC_KEY must include the private key's public half",
    );
    const bundle = { ...jwt, publicKey: `${oldKeys.publicPem}\n${newKeys.publicPem}` };
    expect([...loadJwtKeys(bundle).verificationKeys.keys()]).toEqual([
      kidOf(oldKeys.privatePem),
      kidOf(newKeys.privatePem),
    ]);
  });
});
