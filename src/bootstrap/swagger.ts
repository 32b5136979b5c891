import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { packageInfo } from '../common/build/package-info';
import { completeDocument } from './openapi/complete-document';

const DESCRIPTION = `Backend of a restaurant table-order service: tablets place orders, store admins follow and manage them in real time.

- JSON fields are snake_case. Unknown fields are refused with 400 VALIDATION_FAILED.
- Every error answer has the body \`{"error":{"code","message","request_id","details"?}}\` (schema \`ErrorEnvelope\`); branch on \`code\` (enum \`ErrorCode\`), never on \`message\`.
- Any route may also answer 408 REQUEST_TIMEOUT, 414 URI_TOO_LONG or 431 REQUEST_HEADERS_TOO_LARGE from the HTTP layer (a request that is slow, or whose URL or headers are oversized); the operations do not repeat them.
- Every answer carries \`X-Request-Id\`. API routes are rate-limited per caller: \`X-RateLimit-Limit\`, \`X-RateLimit-Remaining\`, \`X-RateLimit-Reset\`; a refusal is 429 RATE_LIMIT_EXCEEDED with \`Retry-After\`.
- Authenticate with \`Authorization: Bearer <access_token>\` from one of the three logins. An expired token answers 401 TOKEN_EXPIRED: log in again.
- The admin and the tablet order streams are Server-Sent Events (text/event-stream); browsers open them with a ticket from \`POST /api/admin/orders/stream-ticket\` or \`POST /api/orders/stream-ticket\`.`;

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Table Order API')
    .setDescription(DESCRIPTION)
    .setVersion(packageInfo().version)
    .addServer('/', 'This instance')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .build();
  // package.json says UNLICENSED: proprietary, with no public licence text to link to.
  config.info.license = { name: 'Proprietary (UNLICENSED): all rights reserved' };
  return completeDocument(SwaggerModule.createDocument(app, config));
}

/** Serves the UI at /docs and the document at /docs/json. */
export function setupSwagger(app: NestFastifyApplication): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs/json',
    yamlDocumentUrl: 'docs/yaml',
  });
}
