import { QueryFailedError } from 'typeorm';

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
