import type { FastifyInstance } from 'fastify';
import { AppException } from '../common/errors/app.exception';
import type { BodyLimitRouteConfig } from '../common/http/body-limit.decorator';
import { jsonStructureViolation } from './json-structure';

/**
 * Fastify's own JSON parser (body limit and prototype-poisoning checks included), behind two
 * changes: a body beyond the structural bounds (depth, keys per object, array length) is 400
 * VALIDATION_FAILED before it is parsed, so a hostile body costs one pass over its text; and
 * an empty body sent with a JSON content type counts as no body, so clients that always send
 * the header can call the body-less actions (end-session, stream-ticket), and a route that needs
 * a body still answers 400 with its field details.
 */
export function installJsonBodyParser(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = String(body);
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    const violation = jsonStructureViolation(text);
    if (violation !== undefined) {
      done(AppException.validationFailed([{ field: 'body', message: violation }]), undefined);
      return;
    }
    // Fastify's default parser is synchronous (it calls done); its type also allows a Promise.
    void parseJson(request, text, done);
  });
}

/** A route marked @SmallBody() gets its own, smaller body limit (must run before routes exist). */
export function installRouteBodyLimits(fastify: FastifyInstance): void {
  fastify.addHook('onRoute', (route) => {
    const bodyLimit = (route.config as BodyLimitRouteConfig | undefined)?.bodyLimit;
    if (bodyLimit !== undefined) route.bodyLimit = bodyLimit;
  });
}
