import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Order history support for the orders feature:
 * - `order_history_day_counts`: archived orders per table and store-local business day, kept in
 *   the same transactions that archive or purge history, so a history page's total_count is a sum
 *   over at most one row per day instead of a COUNT over every archived row of the table;
 * - `order_history.idempotency_key`: an Idempotency-Key retried after the admin closed the table
 *   still replays the archived order instead of creating a second one;
 * - order numbers past 9999 a day (`YYYYMMDD-NNNNN`) fit the column (the CHECK already allows them).
 */
export class OrderHistoryCountsAndReplays1764201600000 implements MigrationInterface {
  name = 'OrderHistoryCountsAndReplays1764201600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE orders ALTER COLUMN order_number TYPE varchar(20)`);
    await queryRunner.query(`ALTER TABLE order_history ALTER COLUMN order_number TYPE varchar(20)`);
    await queryRunner.query(`ALTER TABLE order_history ADD COLUMN idempotency_key varchar(64)`);
    await queryRunner.query(`
      CREATE TABLE order_history_day_counts (
        table_id integer NOT NULL REFERENCES tables(id) ON DELETE CASCADE,
        business_date date NOT NULL,
        archived_count integer NOT NULL,
        PRIMARY KEY (table_id, business_date),
        CONSTRAINT ck_order_history_day_counts_count CHECK (archived_count >= 0)
      )`);
    await queryRunner.query(
      `INSERT INTO order_history_day_counts (table_id, business_date, archived_count)
       SELECT table_id, (archived_at AT TIME ZONE $1)::date, count(*)
       FROM order_history GROUP BY 1, 2`,
      [process.env.STORE_TIMEZONE || 'Asia/Seoul'],
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE order_history_day_counts`);
    await queryRunner.query(`ALTER TABLE order_history DROP COLUMN idempotency_key`);
    await queryRunner.query(`ALTER TABLE order_history ALTER COLUMN order_number TYPE varchar(13)`);
    await queryRunner.query(`ALTER TABLE orders ALTER COLUMN order_number TYPE varchar(13)`);
  }
}
