import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Revocation (DESIGN §4): every account and table carries the version its tokens must show;
 * raising it (password change, deactivation, the store's deactivation) revokes earlier tokens.
 * Accounts and stores can be deactivated: their logins and tokens are refused.
 */
export class TokenRevocation1764300000100 implements MigrationInterface {
  name = 'TokenRevocation1764300000100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE users ADD COLUMN token_version integer NOT NULL DEFAULT 0,
                         ADD COLUMN is_active boolean NOT NULL DEFAULT true`,
    );
    await queryRunner.query(
      `ALTER TABLE tables ADD COLUMN token_version integer NOT NULL DEFAULT 0`,
    );
    await queryRunner.query(
      `ALTER TABLE stores ADD COLUMN is_active boolean NOT NULL DEFAULT true`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE stores DROP COLUMN is_active`);
    await queryRunner.query(`ALTER TABLE tables DROP COLUMN token_version`);
    await queryRunner.query(`ALTER TABLE users DROP COLUMN is_active, DROP COLUMN token_version`);
  }
}
