import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { InjectOptions } from 'fastify';

export interface Answer {
  at: number;
  status: number;
  ms: number;
  retryAfter?: string;
  kind: string;
}

/**
 * Sends `perSecond` requests of each kind (in-process, through the whole Fastify/Nest stack) for
 * `durationMs` at a fixed rate, without waiting for earlier answers, and resolves every answer.
 */
export async function runLoad(
  app: NestFastifyApplication,
  durationMs: number,
  kinds: Record<string, { perSecond: number; request: () => InjectOptions }>,
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
          app.inject(request()).then((response) => ({
            at: sent,
            status: response.statusCode,
            ms: Date.now() - sent,
            retryAfter: response.headers['retry-after'] as string | undefined,
            kind,
          })),
        );
      }
    }
    await new Promise((resolve) => setTimeout(resolve, tickMs));
  }
  return Promise.all(answers);
}

export function statusCounts(answers: Answer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const answer of answers) {
    const key = `${answer.kind} ${answer.status}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
