import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Usernames are unique case-insensitively: `Manager` and `manager` are one login in a store (and
 * among superadmins). The exact-case constraints stay, for the seeders' ON CONFLICT targets; the
 * lower() indexes also serve the case-insensitive login look-ups. A database that already holds
 * names differing only in case stops the migration with the list, for an operator to rename them.
 */
export class CaseInsensitiveUsernames1764300000000 implements MigrationInterface {
  name = 'CaseInsensitiveUsernames1764300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const duplicates: { store_id: string | null; name: string; ids: number[] }[] =
      await queryRunner.query(
        `SELECT store_id, lower(username) AS name, array_agg(id ORDER BY id) AS ids
         FROM users GROUP BY store_id, lower(username) HAVING count(*) > 1`,
      );
    if (duplicates.length > 0) {
      const list = duplicates
        .map(
          (row) =>
            `store ${row.store_id ?? '(superadmin)'}: "${row.name}" (user ids ${row.ids.join(', ')})`,
        )
        .join('; ');
      throw new Error(`usernames differ only in case; rename all but one of each first: ${list}`);
    }
    await queryRunner.query(
      `CREATE UNIQUE INDEX uq_users_store_username_ci ON users (store_id, lower(username)) WHERE store_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX uq_users_superadmin_username_ci ON users (lower(username)) WHERE store_id IS NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX uq_users_superadmin_username_ci`);
    await queryRunner.query(`DROP INDEX uq_users_store_username_ci`);
  }
}
