/** Label of every slow query whose SQL carries no name comment. */
export const UNNAMED_QUERY = 'unnamed';

/**
 * Repositories name their queries with a leading comment: `/* query:orders.findActive *\/`
 * (QueryBuilder `.comment('query:orders.findActive')`, find options `comment: '…'`). Names are
 * constants from the code (never ids or user input), so the metric label stays low-cardinality.
 */
const QUERY_NAME = /^\s*\/\*\s*query:([A-Za-z0-9_.:-]{1,80})\s*\*\//;

export function queryNameOf(sql: string): string {
  return QUERY_NAME.exec(sql)?.[1] ?? UNNAMED_QUERY;
}
