export const ROLES = ['superadmin', 'store_admin', 'table'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, as proven by a verified access token. Attached to the request by the auth guard. */
export interface Principal {
  /** user id for superadmin/store_admin, table id for a table (as a string, the JWT `sub`). */
  sub: string;
  role: Role;
  /** null only for the superadmin. */
  store_id: string | null;
  /** set for role `table` only. */
  table_id?: number;
  table_number?: number;
  /** The account's or table's token version when the token was issued (the `ver` claim). */
  token_version: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}
