import type { HeaderObject, ReferenceObject } from '@nestjs/swagger';

/** Response headers the API sends, as reusable components (`#/components/headers/…`). */
export const RESPONSE_HEADERS = {
  'X-Request-Id': {
    description:
      'Identifies the request in the logs; taken from the request when it is a sane value, else generated. On every response.',
    schema: { type: 'string', example: '9f1c6c2e-5b1a-4d0e-9a57-3c2f1e0b7a44' },
  },
  'X-RateLimit-Limit': {
    description: 'Requests allowed per window for this caller (RATE_LIMIT_MAX, or the login limit)',
    schema: { type: 'integer', example: 100 },
  },
  'X-RateLimit-Remaining': {
    description: 'Requests left in the current window',
    schema: { type: 'integer', example: 99 },
  },
  'X-RateLimit-Reset': {
    description: 'Seconds until the window resets',
    schema: { type: 'integer', example: 60 },
  },
  'Retry-After': {
    description: 'Seconds to wait before retrying',
    schema: { type: 'integer', example: 30 },
  },
  'Idempotent-Replayed': {
    description:
      'Present (`true`) when the answer replays the order first placed under this Idempotency-Key',
    schema: { type: 'string', enum: ['true'] },
  },
  ETag: {
    description: 'Strong validator of the stored file; send it back in If-None-Match',
    schema: { type: 'string', example: '"5d41402abc4b2a76b9719d911017c592"' },
  },
  'Cache-Control': {
    description: 'Stored images never change: `public, max-age=31536000, immutable`',
    schema: { type: 'string', example: 'public, max-age=31536000, immutable' },
  },
  'Set-Cookie': {
    description:
      '`stream_session` (HttpOnly, SameSite=Lax, Secure outside development, Path limited to the stream): lets the browser\u2019s EventSource reconnect after the ticket was used',
    schema: { type: 'string' },
  },
} satisfies Record<string, HeaderObject>;

export type ResponseHeaderName = keyof typeof RESPONSE_HEADERS;

export const RATE_LIMIT_HEADERS: ResponseHeaderName[] = [
  'X-RateLimit-Limit',
  'X-RateLimit-Remaining',
  'X-RateLimit-Reset',
];

/** `{ name: {$ref} }` for the named response headers, for `@ApiResponse({ headers })` too. */
export function headerRefs(...names: ResponseHeaderName[]): Record<string, ReferenceObject> {
  return Object.fromEntries(names.map((name) => [name, { $ref: `#/components/headers/${name}` }]));
}
