/** Label of every slow query whose SQL carries no name comment. */
export const UNNAMED_QUERY = 'unnamed';

/**
 * Repositories name their queries with a leading comment: `/* query:orders.findActive *\/`
 * (QueryBuilder `.comment('query:orders.findActive')`, find options `comment: '…'`). Names are
 * constants from the code (never ids or user input), so the metric label stays low-cardinality.
 */
const QUERY_NAME = /^\s*\/\*\s*query:([A-Za-z0-9_.:-]{1,80})\s*\*\//;

/**
 * The statements TypeORM issues itself around a transaction (START TRANSACTION, SET TRANSACTION
 * ISOLATION LEVEL, COMMIT, ROLLBACK, and SAVEPOINT / RELEASE SAVEPOINT / ROLLBACK TO SAVEPOINT
 * when nested): no comment can name them, and counted as `unnamed` they outnumbered every named
 * query.
 */
const TRANSACTION_CONTROL: [RegExp, string][] = [
  [/^(START|SET) TRANSACTION\b/i, 'transaction.start'],
  [/^COMMIT$/i, 'transaction.commit'],
  [/^ROLLBACK$/i, 'transaction.rollback'],
  [/^(SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT) typeorm_\d+$/i, 'transaction.savepoint'],
];

export function queryNameOf(sql: string): string {
  const named = QUERY_NAME.exec(sql)?.[1];
  if (named) return named;
  const statement = sql.trim();
  return TRANSACTION_CONTROL.find(([pattern]) => pattern.test(statement))?.[1] ?? UNNAMED_QUERY;
}
