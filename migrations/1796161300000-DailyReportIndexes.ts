import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The daily sales summary reads one store-local day of orders, live and archived. Live orders
 * already have (store_id, created_at); archived ones get (store_id, ordered_at), so a day is an
 * index range whatever the store's history holds.
 */
export class DailyReportIndexes1796161300000 implements MigrationInterface {
  name = 'DailyReportIndexes1796161300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX ix_order_history_store_ordered ON order_history (store_id, ordered_at)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX ix_order_history_store_ordered`);
  }
}
