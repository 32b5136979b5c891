import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

/** What one request got: an answer, or the socket error that ended it (never retried). */
export interface Outcome {
  /** performance.now() when the request was handed to its socket. */
  sentAt: number;
  status?: number;
  headers?: Record<string, string | string[] | undefined>;
  body?: string;
  /** ECONNRESET, ECONNREFUSED, ... */
  error?: string;
}

export interface PlainRequest {
  port: number;
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  agent: Agent;
}

/** One HTTP/1.1 request on `agent` (keep-alive when the agent keeps sockets), no retry. */
export function send(options: PlainRequest): Promise<Outcome> {
  return new Promise((resolve) => {
    const sentAt = performance.now();
    const req = request(
      {
        host: '127.0.0.1',
        port: options.port,
        path: options.path,
        method: options.method ?? 'GET',
        headers: options.headers,
        agent: options.agent,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () =>
          resolve({ sentAt, status: res.statusCode, headers: res.headers, body }),
        );
        res.on('error', (error: NodeJS.ErrnoException) =>
          resolve({ sentAt, error: error.code ?? error.message }),
        );
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ sentAt, error: error.code ?? error.message }),
    );
    req.end(options.body);
  });
}

/** True for the 503 SHUTTING_DOWN answer in the error envelope. */
export function isShuttingDownAnswer(outcome: Outcome): boolean {
  if (outcome.status !== 503 || outcome.body === undefined) return false;
  try {
    return (
      (JSON.parse(outcome.body) as { error?: { code?: string } }).error?.code === 'SHUTTING_DOWN'
    );
  } catch {
    return false;
  }
}
