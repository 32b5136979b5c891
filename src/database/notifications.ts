import { Client } from 'pg';
import { EntityManager } from 'typeorm';

/**
 * PostgreSQL LISTEN/NOTIFY, which touch no table (docs/decisions.md, "Persistence: the entities
 * describe every table"). Channel names are constants from the code, never input.
 */

/** Notifies `channel` when the caller's transaction commits (never on rollback). */
export async function notifyOnCommit(manager: EntityManager, channel: string): Promise<void> {
  await manager.query(`/* query:database.notify */ SELECT pg_notify($1, '')`, [channel]);
}

/**
 * Subscribes a dedicated connection (a pooled one cannot hold a LISTEN) to `channel`. The
 * statement carries no name comment: it runs outside TypeORM, whose slow-query log reads the
 * names, and pg_stat_activity shows it as the bare `LISTEN <channel>`.
 */
export async function listenOn(client: Client, channel: string): Promise<void> {
  // eslint-disable-next-line no-restricted-syntax -- see above: no name comment on LISTEN
  await client.query(`LISTEN ${channel}`);
}
