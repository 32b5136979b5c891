import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff calls (직원 호출, DESIGN §9). A table has at most one open call of each type: the
 * partial unique index is what turns a burst of taps into one call, whatever the application
 * does. The admin list reads a store's calls newest first, by status.
 */
export class StaffCalls1796161200000 implements MigrationInterface {
  name = 'StaffCalls1796161200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE staff_calls (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        store_id uuid NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
        table_id integer NOT NULL REFERENCES tables(id) ON DELETE CASCADE,
        type varchar(20) NOT NULL,
        message varchar(100),
        status varchar(20) NOT NULL DEFAULT 'open',
        created_at timestamptz NOT NULL DEFAULT now(),
        acknowledged_at timestamptz,
        CONSTRAINT ck_staff_calls_type
          CHECK (type IN ('water', 'utensils', 'bill', 'staff', 'other')),
        CONSTRAINT ck_staff_calls_status CHECK (status IN ('open', 'acknowledged')),
        CONSTRAINT ck_staff_calls_acknowledged
          CHECK ((status = 'acknowledged') = (acknowledged_at IS NOT NULL))
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX uq_staff_calls_open_type ON staff_calls (table_id, type) WHERE status = 'open'`,
    );
    await queryRunner.query(
      `CREATE INDEX ix_staff_calls_store_status_created ON staff_calls (store_id, status, created_at DESC, id DESC)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE staff_calls`);
  }
}
