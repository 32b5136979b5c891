import { join } from 'node:path';
import { DEV_SUPERADMIN } from '../src/config/app-config';
import { ensureSuperadmin } from '../src/seed/seeder';
import { createSuperadmin } from './support/fixtures';
import { LogCapture } from './support/log-capture';
import { resetData, startTestApp, TestApp } from './support/test-app';

const KEYS = join(__dirname, '..', '.keys', 'test');
/** What production needs to boot in a test (its own key files, an explicit CORS allow-list). */
const PRODUCTION = {
  NODE_ENV: 'production',
  JWT_PRIVATE_KEY_FILE: join(KEYS, 'jwt-private.pem'),
  JWT_PUBLIC_KEY_FILE: join(KEYS, 'jwt-public.pem'),
  CORS_ORIGINS: 'https://admin.example.com',
  LOG_LEVEL: 'warn',
};

/**
 * Issue 14: a database first started in development keeps the superadmin `superadmin` /
 * `superadmin-1234`; production must not accept that password.
 */
describe('the development superadmin password in production', () => {
  let development: TestApp;

  beforeAll(async () => {
    development = await startTestApp({ JWT_DEV_KEYS_DIR: KEYS });
  });
  beforeEach(() => resetData(development));
  afterAll(() => development.close());

  const superadminLogin = (on: TestApp, username: string, password: string) =>
    on.app.inject({
      method: 'POST',
      url: '/api/auth/superadmin/login',
      payload: { username, password },
    });

  it('disables, with one clear warning, a superadmin whose password is still the default; the configured one still logs in', async () => {
    await createSuperadmin(
      development.dataSource,
      DEV_SUPERADMIN.username,
      DEV_SUPERADMIN.password,
    );
    // What a development database allows.
    expect((await superadminLogin(development, 'superadmin', 'superadmin-1234')).statusCode).toBe(
      200,
    );

    const logs = new LogCapture();
    const production = await startTestApp(PRODUCTION, { logs });
    try {
      const refused = await superadminLogin(production, 'superadmin', 'superadmin-1234');
      expect(refused.statusCode).toBe(401);
      expect(refused.json().error.code).toBe('INVALID_CREDENTIALS');
      const warnings = logs.find((line) => /development default/.test(line.message ?? ''));
      expect(warnings.map((line) => [line.level, line.message])).toEqual([
        [
          'warn',
          'superadmin "superadmin" disabled: its password is the development default, which production refuses; set SUPERADMIN_USERNAME=superadmin and a new SUPERADMIN_PASSWORD to restore it',
        ],
      ]);
      const [row] = await production.dataSource.query(
        `SELECT is_active FROM users WHERE store_id IS NULL AND username = 'superadmin'`,
      );
      expect(row.is_active).toBe(false);
      // The superadmin the environment configures (not the default) is untouched.
      expect(
        (await superadminLogin(production, 'root-admin', 'root-admin-password')).statusCode,
      ).toBe(200);
    } finally {
      await production.close();
    }
  });

  it('refuses to configure the default password in production, and a new one restores the account', async () => {
    await createSuperadmin(
      development.dataSource,
      DEV_SUPERADMIN.username,
      DEV_SUPERADMIN.password,
    );
    await expect(
      ensureSuperadmin(development.dataSource, { ...DEV_SUPERADMIN }, true),
    ).rejects.toThrow('SUPERADMIN_PASSWORD is the development default; production refuses it');

    const production = await startTestApp({
      ...PRODUCTION,
      SUPERADMIN_USERNAME: 'superadmin',
      SUPERADMIN_PASSWORD: 'a-new-long-password',
      LOG_LEVEL: 'silent',
    });
    try {
      expect((await superadminLogin(production, 'superadmin', 'superadmin-1234')).statusCode).toBe(
        401,
      );
      expect(
        (await superadminLogin(production, 'superadmin', 'a-new-long-password')).statusCode,
      ).toBe(200);
    } finally {
      await production.close();
    }
  });
});
