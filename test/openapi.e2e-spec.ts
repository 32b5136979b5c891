import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type {
  MediaTypeObject,
  OpenAPIObject,
  OperationObject,
  ParameterObject,
  ReferenceObject,
  ResponseObject,
  SchemaObject,
} from '@nestjs/swagger';
import { ErrorCode } from '../src/common/errors/error-code';
import { ROUTING_KEYS } from '../src/outbox/event-types';
import packageJson from '../package.json';
import { startTestApp, TestApp } from './support/test-app';

const ROOT = join(__dirname, '..');
const committed = JSON.parse(readFileSync(join(ROOT, 'openapi.json'), 'utf8')) as OpenAPIObject;

interface Operation {
  key: string;
  path: string;
  operation: OperationObject;
}

function operationsOf(document: OpenAPIObject): Operation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, operation]) => ({
        key: `${method.toUpperCase()} ${path}`,
        path,
        operation: operation as OperationObject,
      })),
  );
}

const operations = operationsOf(committed);
const secured = operations.filter(({ operation }) => (operation.security ?? []).length > 0);
const PROBES = ['GET /health', 'GET /health/live', 'GET /metrics'];

function responses(operation: OperationObject): Record<string, ResponseObject> {
  return operation.responses as Record<string, ResponseObject>;
}

describe('openapi.json', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(() => testApp.close());

  it('is the document the app serves at /docs/json', async () => {
    const response = await testApp.app.inject({ method: 'GET', url: '/docs/json' });
    expect(response.statusCode).toBe(200);
    if (!isDeepStrictEqual(response.json(), committed)) {
      throw new Error(
        'openapi.json differs from what the app serves at /docs/json: run npm run openapi:export and commit openapi.json',
      );
    }
  });

  it('has the package version, a proprietary licence without a placeholder URL, and readable operationIds', () => {
    expect(committed.info.version).toBe(packageJson.version);
    expect(committed.info.license).toEqual({ name: expect.stringContaining('UNLICENSED') });
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { key, operation } of operations) {
      expect({ key, operationId: /^[a-z][a-zA-Z]+$/.test(operation.operationId ?? '') }).toEqual({
        key,
        operationId: true,
      });
    }
    expect(ids).toEqual(expect.arrayContaining(['placeOrder', 'listActiveOrders', 'loginTable']));
  });

  it('describes the error envelope with the code enum generated from ErrorCode', () => {
    const schemas = committed.components?.schemas as Record<string, SchemaObject>;
    expect(schemas.ErrorCode.enum).toEqual(Object.values(ErrorCode));
    const error = schemas.ErrorEnvelope.properties?.error as SchemaObject;
    expect(error.required).toEqual(['code', 'message', 'request_id']);
    expect(error.properties?.code).toEqual({ $ref: '#/components/schemas/ErrorCode' });
  });

  it('gives every error answer the envelope schema, an example per code and X-Request-Id', () => {
    for (const { key, operation } of operations) {
      for (const [status, response] of Object.entries(responses(operation))) {
        if (Number(status) < 400 || (key === 'GET /health' && status === '503')) continue;
        const media = response.content?.['application/json'] as MediaTypeObject;
        const where = `${key} ${status}`;
        expect({ where, schema: media?.schema }).toEqual({
          where,
          schema: { $ref: '#/components/schemas/ErrorEnvelope' },
        });
        const examples = media.examples
          ? Object.values(media.examples).map((example) => (example as { value: unknown }).value)
          : [media.example];
        for (const example of examples) {
          expect(example).toEqual({
            error: expect.objectContaining({
              code: expect.any(String),
              message: expect.any(String),
            }),
          });
        }
        expect(response.headers?.['X-Request-Id']).toBeDefined();
      }
    }
  });

  it('lists 401, 403 and 429 on every secured operation, 404 where a path id is taken, 503 on every API route', () => {
    expect(secured.length).toBeGreaterThan(20);
    for (const { key, operation } of secured) {
      const statuses = Object.keys(responses(operation));
      expect({ key, statuses }).toEqual({
        key,
        statuses: expect.arrayContaining(['401', '403', '429', '500', '503']),
      });
    }
    for (const { key, operation } of operations) {
      if (PROBES.includes(key)) continue;
      const statuses = Object.keys(responses(operation));
      if (key.includes('{'))
        expect({ key, statuses }).toEqual({ key, statuses: expect.arrayContaining(['404']) });
      if (key.startsWith('GET /api') || key.startsWith('POST /api'))
        expect({ key, statuses }).toEqual({ key, statuses: expect.arrayContaining(['503']) });
    }
    const place = operations.find(({ operation }) => operation.operationId === 'placeOrder');
    const answers = responses(place!.operation);
    expect(Object.keys(answers['422'].content?.['application/json']?.examples ?? {})).toEqual(
      expect.arrayContaining(['MENU_NOT_AVAILABLE', 'IDEMPOTENCY_KEY_REUSED']),
    );
    expect(answers['200'].headers).toHaveProperty('Idempotent-Replayed');
    expect(answers['201'].headers).toHaveProperty('X-RateLimit-Remaining');
    expect(answers['429'].headers).toHaveProperty('Retry-After');
  });

  it('has an example for every JSON request body and success answer', () => {
    for (const { key, operation } of operations) {
      const body = (operation.requestBody as { content?: Record<string, MediaTypeObject> })
        ?.content?.['application/json'];
      const hasExample = (media: MediaTypeObject) =>
        media.example !== undefined || Object.keys(media.examples ?? {}).length > 0;
      if (body) expect({ key, example: hasExample(body) }).toEqual({ key, example: true });
      for (const [status, response] of Object.entries(responses(operation))) {
        const media = response.content?.['application/json'];
        if (Number(status) < 400 && media) {
          expect({ key, status, example: hasExample(media) }).toEqual({
            key,
            status,
            example: true,
          });
        }
      }
    }
  });

  it('names its enums once instead of repeating them inline', () => {
    const inline: string[] = [];
    const walk = (node: unknown, where: string): void => {
      if (!node || typeof node !== 'object') return;
      const schema = node as SchemaObject;
      if (
        Array.isArray(schema.enum) &&
        schema.enum.length > 1 &&
        !/^#\/components\/schemas\/[^/]+$/.test(where)
      ) {
        inline.push(where);
      }
      for (const [key, value] of Object.entries(node)) walk(value, `${where}/${key}`);
    };
    walk(committed.paths, '#/paths');
    walk(committed.components?.schemas, '#/components/schemas');
    expect(inline).toEqual([]);
  });

  it('shows ordering with options by examples that add up, and INVALID_OPTIONS by its details', () => {
    const byId = (id: string) =>
      operations.find(({ operation }) => operation.operationId === id)!.operation;
    const placed = responses(byId('placeOrder'))['201'].content!['application/json'].example as {
      items: { unit_price: number; quantity: number; subtotal: number; options: unknown[] }[];
      total_amount: number;
      placed_by: string;
    };
    for (const line of placed.items) expect(line.subtotal).toBe(line.unit_price * line.quantity);
    expect(placed.total_amount).toBe(placed.items.reduce((sum, line) => sum + line.subtotal, 0));
    expect(placed.items[0].options.length).toBeGreaterThan(0);
    expect(placed.placed_by).toBe('table');
    const refused = responses(byId('placeOrder'))['422'].content!['application/json'].examples as
      Record<string, { value: { error: { details: Record<string, unknown>[] } } }> | undefined;
    expect(refused?.INVALID_OPTIONS.value.error.details[0]).toMatchObject({
      field: 'items.0.option_ids',
      line: 0,
      rule: 'min_select',
      group: expect.any(String),
    });
    const put = byId('replaceMenuItemOptionGroups').requestBody as {
      content: Record<string, MediaTypeObject>;
    };
    const sets = Object.values(put.content['application/json'].examples ?? {}) as {
      value: { name: string; options: unknown[] }[];
    }[];
    expect(sets[0].value.map((group) => group.name)).toEqual(['맵기', '추가']);
  });

  it('gives every schema property and every parameter an example', () => {
    const schemas = committed.components?.schemas as Record<string, SchemaObject>;
    const isObject = (schema: SchemaObject | ReferenceObject | undefined): boolean => {
      if (!schema) return false;
      if ('$ref' in schema) return isObject(schemas[schema.$ref.split('/').pop()!]);
      return schema.type === 'object' || schema.properties !== undefined;
    };
    const missing: string[] = [];
    const walk = (schema: SchemaObject, where: string): void => {
      for (const [name, property] of Object.entries(schema.properties ?? {})) {
        const at = `${where}.${name}`;
        if ('$ref' in property) {
          // OpenAPI 3.0 ignores a $ref's siblings: the named schema carries the example.
          const target = schemas[property.$ref.split('/').pop()!];
          if (!isObject(property) && target.example === undefined) missing.push(at);
          continue;
        }
        // Objects and arrays of objects carry their examples in their own properties.
        const composite =
          isObject(property) ||
          (property.type === 'array' && isObject(property.items)) ||
          (property.allOf?.length === 1 && isObject(property.allOf[0]));
        if (property.example === undefined && !composite) missing.push(at);
        if (!('$ref' in property) && property.properties) walk(property, at);
      }
    };
    for (const [name, schema] of Object.entries(schemas)) walk(schema, name);
    for (const { key, operation } of operations) {
      for (const parameter of (operation.parameters ?? []) as ParameterObject[]) {
        const schema = parameter.schema as SchemaObject | ReferenceObject | undefined;
        const example =
          parameter.example ?? (schema && !('$ref' in schema) ? schema.example : undefined);
        // A parameter typed by a named enum shows its values instead.
        if (example === undefined && !(schema && '$ref' in schema)) {
          missing.push(`${key} ${parameter.in} ${parameter.name}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('types path ids as ParseIdPipe and ParseUuidParamPipe accept them', () => {
    for (const { key, operation } of operations) {
      for (const parameter of (operation.parameters ?? []) as ParameterObject[]) {
        if (parameter.in !== 'path' || parameter.name === 'file') continue;
        const expected =
          parameter.name === 'store_id'
            ? { type: 'string', format: 'uuid' }
            : { type: 'integer', minimum: 1, maximum: 2147483647 };
        expect({ key, name: parameter.name, schema: parameter.schema }).toEqual({
          key,
          name: parameter.name,
          schema: expect.objectContaining(expected),
        });
      }
    }
  });

  it.each([
    // Every routing key reaches the admin stream: a new one must be documented there.
    ['streamAdminOrders', ['snapshot', ...ROUTING_KEYS]],
    // DESIGN §9: what a tablet must see of its own table and its store.
    [
      'streamTableOrders',
      [
        'snapshot',
        'order.created',
        'order.status_changed',
        'order.deleted',
        'table_session.ended',
        'staff_call.acknowledged',
        'menu.changed',
      ],
    ],
  ])('describes %s as text/event-stream with its events, each with an example', (id, events) => {
    const stream = operations.find(({ operation }) => operation.operationId === id);
    const media = responses(stream!.operation)['200'].content?.['text/event-stream'];
    const frames = media?.schema as SchemaObject;
    expect((frames.oneOf as SchemaObject[]).map((frame) => frame.title)).toEqual(events);
    expect(Object.keys(media?.examples ?? {})).toEqual(events);
  });
});
