import {
  adminToken,
  bearer,
  createStore,
  StoreFixture,
  superadminToken,
  tableToken,
} from './support/fixtures';
import { listenForStreams, SseReader } from './support/sse-reader';
import { resetData, startTestApp, TestApp } from './support/test-app';

/**
 * The stream_session cookie (docs/decisions.md, 'The stream_session cookie is a stream-session
 * token, not the access token'), set by the ticket answer: what it says, what it opens (the
 * stream, even with a spent ticket in the URL, as a browser's EventSource reconnects) and what it
 * does not (any other route, or anything after revocation). browser-stream.e2e-spec.ts shows it
 * in a real browser.
 */
const STREAM = '/api/admin/orders/stream';
const TABLE_STREAM = '/api/orders/stream';
/** What every stream_session cookie carries besides its path (this suite runs outside development). */
const COOKIE_ATTRIBUTES = {
  'max-age': String(12 * 3600),
  httponly: '',
  samesite: 'Lax',
  secure: '',
};

interface Cookie {
  value: string;
  attributes: Map<string, string>;
}

function parseSetCookie(header: string | string[] | undefined): Cookie {
  const [pair, ...attributes] = String(header)
    .split(';')
    .map((part) => part.trim());
  const [name, value] = pair.split('=');
  expect(name).toBe('stream_session');
  return {
    value,
    attributes: new Map(
      attributes.map((attribute) => {
        const [key, val = ''] = attribute.split('=');
        return [key.toLowerCase(), val];
      }),
    ),
  };
}

describe('stream_session cookie', () => {
  let testApp: TestApp;
  let port: number;
  let store: StoreFixture;
  let token: string;
  const readers: SseReader[] = [];

  beforeAll(async () => {
    testApp = await startTestApp();
    port = await listenForStreams(testApp);
  });
  beforeEach(async () => {
    await resetData(testApp);
    store = await createStore(testApp.dataSource, 'alpha');
    token = await adminToken(testApp.app, store);
  });
  afterEach(() => readers.splice(0).forEach((reader) => reader.close()));
  afterAll(() => testApp.close());

  async function takeTicket(accessToken = token): Promise<{ ticket: string; cookie: Cookie }> {
    const answer = await testApp.app.inject({
      method: 'POST',
      url: '/api/admin/orders/stream-ticket',
      headers: bearer(accessToken),
    });
    expect(answer.statusCode).toBe(200);
    return { ticket: answer.json().ticket, cookie: parseSetCookie(answer.headers['set-cookie']) };
  }

  async function open(path: string, headers: Record<string, string>): Promise<SseReader> {
    const reader = await SseReader.open(port, path, headers);
    readers.push(reader);
    return reader;
  }

  it('is HttpOnly, SameSite=Lax, Secure outside development, for the stream only, ≤ 12 h', async () => {
    const { cookie } = await takeTicket();
    expect(Object.fromEntries(cookie.attributes)).toEqual({ path: STREAM, ...COOKIE_ATTRIBUTES });
  });

  it('is the same for a tablet, sent to its own stream only, ≤ 12 h though its token lasts 30 days', async () => {
    const answer = await testApp.app.inject({
      method: 'POST',
      url: `${TABLE_STREAM}-ticket`,
      headers: bearer(await tableToken(testApp.app, store)),
    });
    expect(answer.statusCode).toBe(200);
    const { ticket } = answer.json();
    const cookie = parseSetCookie(answer.headers['set-cookie']);
    expect(Object.fromEntries(cookie.attributes)).toEqual({
      path: TABLE_STREAM,
      ...COOKIE_ATTRIBUTES,
    });

    const first = await open(`${TABLE_STREAM}?ticket=${ticket}`, {});
    await first.nextFrame((frame) => frame.event === 'snapshot', 'the first snapshot');
    first.close();
    const reconnect = await open(`${TABLE_STREAM}?ticket=${ticket}`, {
      cookie: `stream_session=${cookie.value}`,
    });
    expect(reconnect.status).toBe(200);
    await reconnect.nextFrame((frame) => frame.event === 'snapshot', 'the snapshot again');
    const notTheAdmins = await testApp.app.inject({
      method: 'GET',
      url: STREAM,
      headers: { cookie: `stream_session=${cookie.value}` },
    });
    expect(notTheAdmins.statusCode).toBe(403);
  });

  it('lives no longer than the access token', async () => {
    const shortLived = await startTestApp({ JWT_ADMIN_TTL_SECONDS: '600' });
    try {
      const answer = await shortLived.app.inject({
        method: 'POST',
        url: '/api/admin/orders/stream-ticket',
        headers: bearer(await adminToken(shortLived.app, store)),
      });
      const maxAge = Number(parseSetCookie(answer.headers['set-cookie']).attributes.get('max-age'));
      expect(maxAge).toBeGreaterThan(590);
      expect(maxAge).toBeLessThanOrEqual(600);
    } finally {
      await shortLived.close();
    }
  });

  it('opens the stream where the spent ticket no longer does (with Last-Event-ID, as a reconnect sends it)', async () => {
    const { ticket, cookie } = await takeTicket();
    const first = await open(`${STREAM}?ticket=${ticket}`, {});
    await first.nextFrame((frame) => frame.event === 'snapshot', 'the first snapshot');
    first.close();

    const spent = await testApp.app.inject({ method: 'GET', url: `${STREAM}?ticket=${ticket}` });
    expect(spent.statusCode).toBe(401);

    const reconnect = await open(`${STREAM}?ticket=${ticket}`, {
      cookie: `theme=dark; stream_session=${cookie.value}`,
      'last-event-id': '00000000-0000-4000-8000-000000000000',
    });
    expect(reconnect.status).toBe(200);
    await reconnect.nextFrame((frame) => frame.event === 'snapshot', 'the snapshot again');
  });

  it('is no access token anywhere else', async () => {
    const { cookie } = await takeTicket();
    const asBearer = await testApp.app.inject({
      method: 'GET',
      url: '/api/admin/orders',
      headers: bearer(cookie.value),
    });
    expect(asBearer.statusCode).toBe(401);
    expect(asBearer.json().error.code).toBe('INVALID_TOKEN');
    const asCookie = await testApp.app.inject({
      method: 'GET',
      url: '/api/admin/orders',
      headers: { cookie: `stream_session=${cookie.value}` },
    });
    expect(asCookie.statusCode).toBe(401);
  });

  it('stops opening the stream once the token is revoked', async () => {
    const { cookie } = await takeTicket();
    const root = bearer(await superadminToken(testApp.app, testApp.dataSource));
    const changed = await testApp.app.inject({
      method: 'PATCH',
      url: `/api/superadmin/stores/${store.storeId}/admins/${store.adminId}`,
      headers: root,
      payload: { password: 'brand-new-password' },
    });
    expect(changed.statusCode).toBe(200);
    const refused = await testApp.app.inject({
      method: 'GET',
      url: STREAM,
      headers: { cookie: `stream_session=${cookie.value}` },
    });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe('TOKEN_REVOKED');
  });

  it('a forged cookie opens nothing', async () => {
    const refused = await testApp.app.inject({
      method: 'GET',
      url: STREAM,
      headers: { cookie: 'stream_session=eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.' },
    });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe('INVALID_TOKEN');
  });
});
