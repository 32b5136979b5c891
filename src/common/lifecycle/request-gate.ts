import type { FastifyInstance } from 'fastify';
import { ErrorCode } from '../errors/error-code';
import { ErrorEnvelope } from '../errors/error-envelope';
import { PROBE_ROUTES } from '../http/ops-routes';
import { InFlightRequests } from './in-flight-requests.service';
import { ShutdownState } from './shutdown-state.service';

/**
 * Registers the shutdown gate as an early onRequest hook. From the signal on, every answer
 * carries `Connection: close` (set as it is sent, so a request that arrived before the signal
 * closes its keep-alive connection too); once the drain delay is over, a new request (other than
 * a probe) is answered 503 SHUTTING_DOWN before any guard, body parsing or handler runs. Every
 * accepted request is counted until its response finished, its client went away, or (an event
 * stream) it was opened.
 */
export function installRequestGate(
  fastify: FastifyInstance,
  state: ShutdownState,
  inFlight: InFlightRequests,
): void {
  fastify.decorateRequest('inFlight', false);

  fastify.addHook('onRequest', (request, reply, done) => {
    if (state.refusesRequests && !PROBE_ROUTES.has(request.routeOptions.url ?? '')) {
      const body: ErrorEnvelope = {
        error: {
          code: ErrorCode.SHUTTING_DOWN,
          message: 'This instance is shutting down; retry the request',
          request_id: String(request.id),
        },
      };
      reply.code(503).header('content-type', 'application/json; charset=utf-8').send(body);
      return;
    }
    inFlight.track(request);
    // 'close' fires once the response finished or its connection went away, whichever the
    // case: onResponse alone misses a client that leaves while the handler still runs.
    reply.raw.once('close', () => inFlight.release(request));
    done();
  });

  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (state.isShuttingDown) reply.header('connection', 'close');
    done(null, payload);
  });
}
