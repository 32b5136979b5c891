const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/;

/** The JWT of an `Authorization: Bearer <jwt>` header value, or null when it has another shape. */
export function bearerTokenOf(authorization: string): string | null {
  return BEARER.exec(authorization.trim())?.[1] ?? null;
}
