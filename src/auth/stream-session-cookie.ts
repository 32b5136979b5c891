import type { FastifyRequest } from 'fastify';

export const STREAM_SESSION_COOKIE = 'stream_session';

/**
 * A stream session lasts no longer than the access token, and at most 12 h (see
 * docs/decisions.md, 'The stream_session cookie is a stream-session token, …').
 */
export const STREAM_SESSION_MAX_SECONDS = 12 * 3600;

export interface StreamSessionCookieOptions {
  /** The stream's route: the browser sends the cookie there and nowhere else. */
  path: string;
  maxAgeSeconds: number;
  secure: boolean;
}

/** The Set-Cookie value: HttpOnly, SameSite=Lax, Secure outside development, Path = the stream. */
export function streamSessionCookie(token: string, options: StreamSessionCookieOptions): string {
  return [
    `${STREAM_SESSION_COOKIE}=${token}`,
    `Path=${options.path}`,
    `Max-Age=${options.maxAgeSeconds}`,
    'HttpOnly',
    'SameSite=Lax',
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}

/** The stream_session cookie the request carries, if any. */
export function streamSessionOf(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const separator = pair.indexOf('=');
    if (separator > 0 && pair.slice(0, separator).trim() === STREAM_SESSION_COOKIE) {
      return pair.slice(separator + 1).trim();
    }
  }
  return undefined;
}
