import { DataSource } from 'typeorm';

/** One round trip on a pooled connection: the readiness probe of the database. */
export async function pingDatabase(dataSource: DataSource): Promise<void> {
  await dataSource.query('/* query:database.ping */ SELECT 1');
}
