import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

export function buildOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Table Order API')
    .setDescription(
      'Backend of a restaurant table-order service: tablets place orders, store admins follow and ' +
        'manage them in real time. JSON fields are snake_case; errors use the envelope ' +
        '{"error":{"code","message","request_id","details"?}}.',
    )
    .setVersion('1.0.0')
    .setLicense('Proprietary', 'https://example.com/license')
    .addServer('/', 'This instance')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** Serves the UI at /docs and the document at /docs/json. */
export function setupSwagger(app: NestFastifyApplication): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs/json',
    yamlDocumentUrl: 'docs/yaml',
  });
}
