import type {
  OpenAPIObject,
  OperationObject,
  ParameterObject,
  SchemaObject,
} from '@nestjs/swagger';
import { MAX_INT_ID } from '../../common/http/parse-id.pipe';
import { addErrorResponses, errorSchemas } from './error-responses';
import { addOperationExamples } from './examples';
import { RESPONSE_HEADERS } from '../../common/http/response-headers';

/**
 * What Nest's explorer cannot derive from the decorators, added to its document: the error
 * envelope and code enum, every operation's error answers, the response headers, and a whole
 * example for every JSON request and answer.
 */
export function completeDocument(document: OpenAPIObject): OpenAPIObject {
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ...errorSchemas() },
    headers: { ...document.components?.headers, ...RESPONSE_HEADERS },
  };
  markPublicOperations(document);
  describeIdParameters(document);
  addErrorResponses(document);
  addOperationExamples(document);
  return document;
}

/** An operation without a security requirement is public: say so (`security: []`) explicitly. */
function markPublicOperations(document: OpenAPIObject): void {
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item) as OperationObject[]) {
      if (
        operation &&
        typeof operation === 'object' &&
        operation.responses &&
        !operation.security
      ) {
        operation.security = [];
      }
    }
  }
}

/**
 * Nest types `@Param('id', ParseIdPipe) id: number` as a bare number; every numeric path
 * parameter goes through ParseIdPipe, which accepts a positive integer up to PostgreSQL's
 * `integer` (else 400 VALIDATION_FAILED), so the document says that, with an example.
 */
function describeIdParameters(document: OpenAPIObject): void {
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item) as OperationObject[]) {
      if (!operation || typeof operation !== 'object' || !operation.parameters) continue;
      for (const parameter of operation.parameters as ParameterObject[]) {
        const schema = parameter.schema as SchemaObject | undefined;
        if (parameter.in !== 'path' || schema?.type !== 'number') continue;
        parameter.schema = { type: 'integer', minimum: 1, maximum: MAX_INT_ID };
        parameter.example ??= 1;
      }
    }
  }
}
