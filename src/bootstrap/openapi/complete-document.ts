import type { OpenAPIObject, OperationObject } from '@nestjs/swagger';
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
