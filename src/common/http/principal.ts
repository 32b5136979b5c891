export const ROLES = ['superadmin', 'store_admin', 'table'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who is calling, as proven by a verified access token, one shape per role. The auth guard
 * attaches it to the request; cross-cutting code (rate limits, cache keys, error logs) reads it
 * from there, which is why it lives in common.
 */
interface VerifiedCaller {
  /** user id for superadmin/store_admin, table id for a table (as a string, the JWT `sub`). */
  sub: string;
  /** The account's or table's token version when the token was issued (the `ver` claim). */
  token_version: number;
}

export interface SuperadminPrincipal extends VerifiedCaller {
  role: 'superadmin';
  store_id: null;
}

export interface StoreAdminPrincipal extends VerifiedCaller {
  role: 'store_admin';
  store_id: string;
}

export interface TablePrincipal extends VerifiedCaller {
  role: 'table';
  store_id: string;
  table_id: number;
  table_number: number;
}

export type Principal = SuperadminPrincipal | StoreAdminPrincipal | TablePrincipal;

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}
