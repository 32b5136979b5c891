import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The login lockout now counts failures per (account, client address) and account-wide, in
 * Redis (see docs/decisions.md): the single per-account counter and lock of users and tables go.
 */
export class LockoutLeavesThePasswordRows1796162600000 implements MigrationInterface {
  name = 'LockoutLeavesThePasswordRows1796162600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['users', 'tables']) {
      await queryRunner.query(
        `ALTER TABLE ${table} DROP COLUMN failed_logins, DROP COLUMN locked_until`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['users', 'tables']) {
      await queryRunner.query(
        `ALTER TABLE ${table} ADD COLUMN failed_logins integer NOT NULL DEFAULT 0,
           ADD COLUMN locked_until timestamptz,
           ADD CONSTRAINT ck_${table}_failed_logins CHECK (failed_logins >= 0)`,
      );
    }
  }
}
