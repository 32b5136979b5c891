import { applyDecorators, Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiProduces, getSchemaPath } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger';

/** One event of a stream: its `event:` name, and the class its `data:` JSON follows. */
export interface StreamEvent {
  name: string;
  data: Type;
  /** The frame's `data:` is the whole envelope {event_id,type,occurred_at,store_id,data} (true), or the class alone. */
  enveloped: boolean;
  description: string;
}

function frameSchema(event: StreamEvent): SchemaObject {
  const data: SchemaObject = { $ref: getSchemaPath(event.data) } as SchemaObject;
  if (!event.enveloped) {
    return { title: event.name, description: event.description, allOf: [data] };
  }
  return {
    title: event.name,
    description: event.description,
    type: 'object',
    required: ['event_id', 'type', 'occurred_at', 'store_id', 'data'],
    properties: {
      event_id: {
        type: 'string',
        format: 'uuid',
        description: 'Also the frame\u2019s `id:`',
        example: '6f0c2a1e-8b3d-4f5a-9c7e-2d1b0a9f8e7d',
      },
      type: { type: 'string', enum: [event.name], example: event.name },
      occurred_at: { type: 'string', format: 'date-time', example: '2025-01-01T12:30:00.000Z' },
      store_id: { type: 'string', format: 'uuid', example: '3f0e8a52-1c2b-4d7e-9a10-6b5c4d3e2f1a' },
      data,
    },
  };
}

/**
 * Documents a Server-Sent Events answer: `text/event-stream`, the event names and the schema of
 * each event's `data:` line. OpenAPI 3.0 has no notion of a stream of frames, so the 200's schema
 * is the union of the frames' `data:` JSON (one per `event:` name, by `title`); the description
 * says how frames look on the wire.
 */
export function ApiEventStream(description: string, events: StreamEvent[]): MethodDecorator {
  const table = events.map((event) => `- \`${event.name}\`: ${event.description}`).join('\n');
  return applyDecorators(
    ApiExtraModels(...new Set(events.map((event) => event.data))),
    ApiProduces('text/event-stream'),
    ApiOkResponse({
      description: `${description}\n\nEvents (\`event:\` name, then what \`data:\` holds):\n${table}`,
      content: { 'text/event-stream': { schema: { oneOf: events.map(frameSchema) } } },
    }),
  );
}
