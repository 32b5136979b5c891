import { generateKeyPairSync, KeyObject } from 'node:crypto';
import { loadJwtKeys } from '../src/auth/keys/jwt-keys';
import { adminToken, bearer, createStore, StoreFixture, tableToken } from './support/fixtures';
import {
  ForgedClaims,
  payloadOf,
  signHs256,
  signRs256,
  unsigned,
  withPayload,
} from './support/jwt-forge';
import { resetData, startTestApp, TestApp } from './support/test-app';

/** A superadmin-only route: a token the guard accepted would answer 200 here. */
const URL = '/api/superadmin/stores';

describe('access tokens at the auth guard', () => {
  let testApp: TestApp;
  let store: StoreFixture;
  let privateKey: KeyObject;
  let publicPem: string;

  beforeAll(async () => {
    testApp = await startTestApp();
    ({ privateKey } = loadJwtKeys(testApp.config.jwt));
    publicPem = loadJwtKeys(testApp.config.jwt)
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    await resetData(testApp);
    store = await createStore(testApp.dataSource, 'alpha');
  });
  afterAll(() => testApp.close());

  /** Claims of a superadmin token as the app would issue them, valid for another hour. */
  function superadminClaims(overrides: ForgedClaims = {}): ForgedClaims {
    const now = Math.floor(Date.now() / 1000);
    return {
      sub: '1',
      role: 'superadmin',
      store_id: null,
      iss: testApp.config.jwt.issuer,
      aud: testApp.config.jwt.audience,
      iat: now,
      exp: now + 3600,
      ...overrides,
    };
  }

  const call = (headers: Record<string, string> = {}) =>
    testApp.app.inject({ method: 'GET', url: URL, headers });

  async function expectError(
    headers: Record<string, string>,
    status: number,
    code: string,
  ): Promise<void> {
    const response = await call(headers);
    expect({ status: response.statusCode, code: response.json().error?.code }).toEqual({
      status,
      code,
    });
  }

  it('accepts a correctly signed token (the forged cases below differ from it in one point only)', async () => {
    const response = await call(bearer(signRs256(superadminClaims(), privateKey)));
    expect(response.statusCode).toBe(200);
  });

  it('answers a request without a token 401 AUTHENTICATION_REQUIRED', async () => {
    await expectError({}, 401, 'AUTHENTICATION_REQUIRED');
  });

  it('answers an expired token 401 TOKEN_EXPIRED', async () => {
    const past = Math.floor(Date.now() / 1000) - 120;
    const token = signRs256(superadminClaims({ iat: past - 3600, exp: past }), privateKey);
    await expectError(bearer(token), 401, 'TOKEN_EXPIRED');
  });

  it('answers an expired token with a bad signature INVALID_TOKEN, not TOKEN_EXPIRED', async () => {
    const past = Math.floor(Date.now() / 1000) - 120;
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const token = signRs256(superadminClaims({ exp: past }), other);
    await expectError(bearer(token), 401, 'INVALID_TOKEN');
  });

  it('rejects a store admin token whose payload was edited to role superadmin', async () => {
    const real = await adminToken(testApp.app, store);
    const tampered = withPayload(real, { ...payloadOf(real), role: 'superadmin' });
    await expectError(bearer(tampered), 401, 'INVALID_TOKEN');
  });

  it('rejects alg "none"', async () => {
    await expectError(bearer(unsigned(superadminClaims())), 401, 'INVALID_TOKEN');
  });

  it('rejects HS256 signed with the public key PEM as the HMAC secret', async () => {
    await expectError(bearer(signHs256(superadminClaims(), publicPem)), 401, 'INVALID_TOKEN');
  });

  it('rejects RS256 signed by another key pair', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    await expectError(bearer(signRs256(superadminClaims(), other)), 401, 'INVALID_TOKEN');
  });

  it('rejects a wrong issuer and a wrong audience', async () => {
    await expectError(
      bearer(signRs256(superadminClaims({ iss: 'someone-else' }), privateKey)),
      401,
      'INVALID_TOKEN',
    );
    await expectError(
      bearer(signRs256(superadminClaims({ aud: 'another-app' }), privateKey)),
      401,
      'INVALID_TOKEN',
    );
  });

  it('rejects a signed token with an unknown role or without a store for a store role', async () => {
    await expectError(
      bearer(signRs256(superadminClaims({ role: 'owner' }), privateKey)),
      401,
      'INVALID_TOKEN',
    );
    await expectError(
      bearer(signRs256(superadminClaims({ role: 'store_admin', store_id: null }), privateKey)),
      401,
      'INVALID_TOKEN',
    );
  });

  it('rejects an Authorization header that is not "Bearer <jwt>"', async () => {
    const token = signRs256(superadminClaims(), privateKey);
    await expectError({ authorization: `Basic ${token}` }, 401, 'INVALID_TOKEN');
    await expectError({ authorization: 'Bearer not-a-jwt' }, 401, 'INVALID_TOKEN');
  });

  it('answers a valid token of the wrong role 403 INSUFFICIENT_PERMISSIONS', async () => {
    await expectError(
      bearer(await adminToken(testApp.app, store)),
      403,
      'INSUFFICIENT_PERMISSIONS',
    );
    await expectError(
      bearer(await tableToken(testApp.app, store)),
      403,
      'INSUFFICIENT_PERMISSIONS',
    );
  });
});
