import createClient, { type Client, type ClientOptions, type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type { components, operations, paths } from './schema';

/** The body of every error answer; branch on `error.code`, never on the message. */
export type ErrorEnvelope = components['schemas']['ErrorEnvelope'];
export type ErrorCode = components['schemas']['ErrorCode'];
export type TableOrderClient = Client<paths>;

export interface TableOrderClientOptions extends Pick<ClientOptions, 'fetch' | 'credentials'> {
  /** Where the API answers, e.g. `https://api.example.com` (no trailing `/api`). */
  baseUrl: string;
  /** The current access token, read before every request (undefined: send none). */
  token?: () => string | undefined;
}

/**
 * A client whose paths, parameters, bodies and answers are typed from openapi.json:
 * `client.POST('/api/orders', { params: { header: { 'Idempotency-Key': key } }, body })`
 * resolves to `{ data }` on success or `{ error }` (an ErrorEnvelope) otherwise, with `response`.
 */
export function createTableOrderClient(options: TableOrderClientOptions): TableOrderClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl,
    fetch: options.fetch,
    credentials: options.credentials,
  });
  const token = options.token;
  if (token) client.use(bearerToken(token));
  return client;
}

function bearerToken(token: () => string | undefined): Middleware {
  return {
    onRequest({ request }) {
      const current = token();
      if (current) request.headers.set('Authorization', `Bearer ${current}`);
      return request;
    },
  };
}

/** Whether an answer's body is the API's error envelope. */
export function isErrorEnvelope(body: unknown): body is ErrorEnvelope {
  const error = (body as { error?: { code?: unknown } } | null)?.error;
  return typeof error?.code === 'string';
}

/**
 * The URL an EventSource opens for the admin order stream: asks for a single-use ticket (the
 * answer also sets the stream_session cookie that lets the browser reconnect by itself: create
 * the client with `credentials: 'include'`, or a cross-origin answer's cookie is dropped).
 * Use it as `new EventSource(url, { withCredentials: true })`.
 */
export async function adminOrderStreamUrl(
  client: TableOrderClient,
  baseUrl: string,
): Promise<string> {
  const { data, error } = await client.POST('/api/admin/orders/stream-ticket');
  if (error) throw new Error(`stream ticket refused: ${error.error.code}`);
  return streamUrl(baseUrl, '/api/admin/orders/stream', data.ticket);
}

/**
 * The same for the tablet's own stream (its session's orders, its calls, the store's menu
 * changes), with a client holding the table's token.
 */
export async function tableOrderStreamUrl(
  client: TableOrderClient,
  baseUrl: string,
): Promise<string> {
  const { data, error } = await client.POST('/api/orders/stream-ticket');
  if (error) throw new Error(`stream ticket refused: ${error.error.code}`);
  return streamUrl(baseUrl, '/api/orders/stream', data.ticket);
}

function streamUrl(baseUrl: string, path: string, ticket: string): string {
  const url = new URL(path, baseUrl);
  url.searchParams.set('ticket', ticket);
  return url.toString();
}
