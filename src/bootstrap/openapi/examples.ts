import type {
  OpenAPIObject,
  OperationObject,
  ReferenceObject,
  RequestBodyObject,
  ResponseObject,
  SchemaObject,
} from '@nestjs/swagger';

type Schema = SchemaObject | ReferenceObject;

/** Values for properties that carry no example of their own, by format, then by type. */
const BY_FORMAT: Record<string, unknown> = {
  uuid: '3f0e8a52-1c2b-4d7e-9a10-6b5c4d3e2f1a',
  'date-time': '2025-01-01T12:30:00.000Z',
  date: '2025-01-01',
  uri: 'https://example.com/resource',
  binary: undefined,
};

/**
 * An example value built from a schema: the schema's own `example` first, else its properties'
 * examples (recursively, through $ref and allOf), else the first enum value, else a value typical
 * of its format or type.
 */
export function exampleOf(
  schema: Schema,
  document: OpenAPIObject,
  refs: ReadonlySet<string> = new Set(),
): unknown {
  if ('$ref' in schema) {
    // A schema that contains itself ends the example there.
    if (refs.has(schema.$ref)) return undefined;
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = document.components?.schemas?.[name];
    return target ? exampleOf(target, document, new Set([...refs, schema.$ref])) : undefined;
  }
  if (schema.example !== undefined) return schema.example;
  if (schema.allOf) {
    const parts = schema.allOf.map((part) => exampleOf(part, document, refs));
    const objects = parts.every(
      (part) => part !== null && typeof part === 'object' && !Array.isArray(part),
    );
    return objects ? Object.assign({}, ...parts) : parts[0];
  }
  if (schema.oneOf?.length) return exampleOf(schema.oneOf[0], document, refs);
  if (schema.enum?.length) return schema.enum[0];
  if (schema.format && schema.format in BY_FORMAT) return BY_FORMAT[schema.format];
  switch (schema.type) {
    case 'object': {
      const value: Record<string, unknown> = {};
      for (const [key, property] of Object.entries(schema.properties ?? {})) {
        value[key] = exampleOf(property, document, refs);
      }
      return value;
    }
    case 'array':
      return schema.items ? [exampleOf(schema.items, document, refs)] : [];
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'string':
      return 'text';
    default:
      return null;
  }
}

function fillMediaExamples(
  content: Record<string, { schema?: Schema; example?: unknown; examples?: unknown }> | undefined,
  document: OpenAPIObject,
): void {
  const media = content?.['application/json'];
  if (!media?.schema || media.example !== undefined || media.examples) return;
  media.example = exampleOf(media.schema, document);
}

/**
 * One example per event of a stream (ApiEventStream's frames, one per `event:` name): the JSON
 * of that event's `data:` line, named by the event. The wire format is in the description.
 */
function fillEventStreamExamples(
  content: Record<string, { schema?: Schema; examples?: unknown }> | undefined,
  document: OpenAPIObject,
): void {
  const media = content?.['text/event-stream'];
  const frames = (media?.schema && 'oneOf' in media.schema ? media.schema.oneOf : []) ?? [];
  if (!media || media.examples || frames.length === 0) return;
  media.examples = Object.fromEntries(
    (frames as SchemaObject[]).map((frame) => [
      frame.title,
      { summary: `event: ${frame.title}`, value: exampleOf(frame, document) },
    ]),
  );
}

/**
 * Every JSON request body and success answer gets an `example` (unless it has one), built from
 * its schema's property examples, so generators and the docs UI show a whole request and answer;
 * an event stream gets the data of each of its events.
 */
export function addOperationExamples(document: OpenAPIObject): void {
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item) as OperationObject[]) {
      if (!operation || typeof operation !== 'object' || !operation.responses) continue;
      const body = operation.requestBody as RequestBodyObject | undefined;
      fillMediaExamples(body?.content, document);
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) < 400 && response && !('$ref' in response)) {
          fillMediaExamples((response as ResponseObject).content, document);
          fillEventStreamExamples((response as ResponseObject).content, document);
        }
      }
    }
  }
}
