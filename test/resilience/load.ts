import type { Agent } from 'node:http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { InjectOptions } from 'fastify';
import { PlainRequest, send } from '../support/plain-http';

export interface Answer {
  at: number;
  /** 0 when no answer came (see `error`). */
  status: number;
  ms: number;
  retryAfter?: string;
  /** The socket error that ended a request sent over HTTP (ECONNRESET, ...). */
  error?: string;
  kind: string;
}

type Reply = Pick<Answer, 'status' | 'retryAfter' | 'error'>;

/** Each kind of request, how often a second it is sent, and how it is built. */
type Kinds<Request> = Record<string, { perSecond: number; request: () => Request }>;

/**
 * Sends each kind's request with `fire`, `perSecond` times a second for `durationMs`, without
 * waiting for earlier answers, and resolves every answer.
 */
async function atFixedRate<Request>(
  durationMs: number,
  kinds: Kinds<Request>,
  fire: (request: Request) => Promise<Reply>,
): Promise<Answer[]> {
  const answers: Promise<Answer>[] = [];
  const started = Date.now();
  const sentSoFar = Object.fromEntries(Object.keys(kinds).map((kind) => [kind, 0]));
  const tickMs = 50;
  while (Date.now() - started < durationMs) {
    // Owed from the time elapsed, not the ticks counted: a late timer (a busy event loop) sends
    // the requests it owes instead of lowering the rate.
    const elapsedMs = Math.min(Date.now() - started, durationMs);
    for (const [kind, { perSecond, request }] of Object.entries(kinds)) {
      const owed = Math.floor((perSecond * elapsedMs) / 1000);
      for (; sentSoFar[kind] < owed; sentSoFar[kind]++) {
        const sent = Date.now();
        answers.push(
          fire(request()).then((reply) => ({ ...reply, at: sent, ms: Date.now() - sent, kind })),
        );
      }
    }
    await new Promise((resolve) => setTimeout(resolve, tickMs));
  }
  return Promise.all(answers);
}

/** A fixed-rate load in-process, through the whole Fastify/Nest stack (`app.inject`). */
export function runLoad(
  app: NestFastifyApplication,
  durationMs: number,
  kinds: Kinds<InjectOptions>,
): Promise<Answer[]> {
  return atFixedRate(durationMs, kinds, async (options) => {
    const response = await app.inject(options);
    return {
      status: response.statusCode,
      retryAfter: response.headers['retry-after'] as string | undefined,
    };
  });
}

/** A fixed-rate load over HTTP/1.1 on `agent` (keep-alive), each request sent once, no retry. */
export function runHttpLoad(
  port: number,
  agent: Agent,
  durationMs: number,
  kinds: Kinds<Omit<PlainRequest, 'port' | 'agent'>>,
): Promise<Answer[]> {
  return atFixedRate(durationMs, kinds, async (request) => {
    const outcome = await send({ ...request, port, agent });
    return {
      status: outcome.status ?? 0,
      retryAfter: outcome.headers?.['retry-after'] as string | undefined,
      error: outcome.error,
    };
  });
}

/** `"<kind> <status or socket error>"` → how many answers. */
export function statusCounts(answers: Answer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const answer of answers) {
    const key = `${answer.kind} ${answer.error ?? answer.status}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
