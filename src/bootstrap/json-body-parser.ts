import type { FastifyInstance } from 'fastify';

/**
 * Fastify's own JSON parser (body limit and prototype-poisoning checks included), except that an
 * empty body sent with a JSON content type counts as no body: clients that always send the header
 * can call the body-less actions (end-session, stream-ticket), and a route that needs a body
 * still answers 400 with its field details.
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
    parseJson(request, text, done);
  });
}
