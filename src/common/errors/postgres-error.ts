import {
  QueryFailedError,
  QueryRunnerAlreadyReleasedError,
  QueryRunnerProviderAlreadyReleasedError,
} from 'typeorm';
import { queryNameOf } from '../sql/query-name';

/** SQLSTATE codes the repositories turn into domain answers. */
export const PG_UNIQUE_VIOLATION = '23505';
export const PG_FOREIGN_KEY_VIOLATION = '23503';

/** The SQLSTATE of a PostgreSQL error (as wrapped by TypeORM), if it is one. */
export function postgresErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, driverError } = error as { code?: unknown; driverError?: { code?: unknown } };
  const value = driverError?.code ?? code;
  return typeof value === 'string' ? value : undefined;
}

/** True when a query failed on the named unique constraint or unique index. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === PG_UNIQUE_VIOLATION && driverError.constraint === constraint;
}

/**
 * True when a write referenced a store that no longer exists (a `<table>_store_id_fkey`
 * violation): the caller's token names a deleted store.
 */
export function isMissingStoreReference(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return (
    driverError.code === PG_FOREIGN_KEY_VIOLATION &&
    (driverError.constraint ?? '').endsWith('_store_id_fkey')
  );
}

/** Socket errors of a connection to the server that is refused, lost or never answered. */
const CONNECTION_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EPIPE',
]);
/** SQLSTATEs of a server that cannot serve now: shutting down, starting, out of connections. */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
/**
 * What node-postgres says when the pool gives up waiting, a connection dies mid-query, or a query
 * reaches a client the pool already closed because its connection failed.
 */
const UNAVAILABLE_MESSAGES =
  /timeout exceeded when trying to connect|Connection terminated|connection error and is not queryable|Client was closed and is not queryable/i;

/**
 * TypeORM releases a transaction's query runner as soon as its connection emits an error (the
 * backend was terminated while the transaction sat between two statements); the next statement
 * then fails with one of these instead of the connection's own error.
 */
function isRunnerReleasedByConnectionLoss(error: Error): boolean {
  return (
    error instanceof QueryRunnerAlreadyReleasedError ||
    error instanceof QueryRunnerProviderAlreadyReleasedError
  );
}

/**
 * True when the error says PostgreSQL could not be reached or cannot serve right now (as opposed
 * to a query the server refused): the request may succeed if retried shortly.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (isRunnerReleasedByConnectionLoss(error)) return true;
  const code = postgresErrorCode(error);
  if (code !== undefined) {
    if (CONNECTION_ERRNOS.has(code) || UNAVAILABLE_SQLSTATES.has(code)) return true;
    if (code.startsWith('08')) return true;
  }
  return UNAVAILABLE_MESSAGES.test(error.message);
}

/** What a log line may say about a failed statement. */
export interface LoggedQueryError {
  type: string;
  message: string;
  stack?: string;
  query_name?: string;
  sqlstate?: string;
  constraint?: string;
}

function isStatementError(error: unknown): error is Error {
  if (error instanceof QueryFailedError) return true;
  // node-postgres' own DatabaseError, when it reaches a log unwrapped.
  return error instanceof Error && 'severity' in error && 'routine' in error;
}

/**
 * A failed statement as it may be logged: its name (the query's leading comment), SQLSTATE and
 * constraint, never its parameters (password hashes, tokens) nor the driver's error, whose
 * `detail` repeats the failing row or key values. Undefined for any other error.
 */
export function loggedQueryError(error: unknown): LoggedQueryError | undefined {
  if (!isStatementError(error)) return undefined;
  const { query, driverError } = error as { query?: unknown; driverError?: unknown };
  const constraint = ((driverError ?? error) as { constraint?: unknown }).constraint;
  return {
    type: error.constructor.name,
    message: error.message,
    stack: error.stack,
    ...(typeof query === 'string' ? { query_name: queryNameOf(query) } : {}),
    sqlstate: postgresErrorCode(error),
    ...(typeof constraint === 'string' ? { constraint } : {}),
  };
}
