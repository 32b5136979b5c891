import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { AddressInfo, connect, Socket } from 'node:net';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { adminToken, bearer, createStore, StoreFixture, tableToken } from './support/fixtures';
import { createCategory, createItem, multipartFile, resetMenu } from './support/menu-helpers';
import { resetData, startTestApp, TestApp } from './support/test-app';
import { testListenPort } from './support/test-config';

function solidImage(width: number, height: number, alpha = false): sharp.Sharp {
  return sharp({
    create: {
      width,
      height,
      channels: alpha ? 4 : 3,
      background: alpha ? { r: 20, g: 120, b: 220, alpha: 0.5 } : { r: 200, g: 60, b: 40 },
    },
  });
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A few hundred bytes of valid PNG header declaring a 100,000 × 100,000 canvas. */
function pngBomb(): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(100_000, 0);
  header.writeUInt32BE(100_000, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A GIF whose screen and only frame claim 65,535 × 65,535 pixels. */
function gifBomb(): Buffer {
  const size = [0xff, 0xff, 0xff, 0xff];
  return Buffer.from([
    ...Buffer.from('GIF89a'),
    ...size,
    0x00,
    0x00,
    0x00,
    0x2c,
    0x00,
    0x00,
    0x00,
    0x00,
    ...size,
    0x00,
    0x02,
    0x02,
    0x4c,
    0x01,
    0x00,
    0x3b,
  ]);
}

function sixMegabyteJpeg(): Buffer {
  const big = Buffer.alloc(6 * 1024 * 1024, 0x20);
  big.set([0xff, 0xd8, 0xff, 0xe0]);
  return big;
}

describe('menu images', () => {
  let testApp: TestApp;
  let uploadDir: string;
  let stagingDir: string;
  let store: StoreFixture;
  let admin: string;
  let table: string;
  let itemId: number;
  let listeningPort: number | undefined;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    uploadDir = await mkdtemp(join(tmpdir(), 'menu-images-'));
    stagingDir = await mkdtemp(join(tmpdir(), 'menu-staging-'));
    testApp = await startTestApp({ UPLOAD_DIR: uploadDir, UPLOAD_TMP_DIR: stagingDir });
    await resetData(testApp);
    store = await createStore(testApp.dataSource, 'alpha');
    admin = await adminToken(testApp.app, store);
    table = await tableToken(testApp.app, store);
  });
  beforeEach(async () => {
    await resetMenu(testApp);
    await rm(uploadDir, { recursive: true, force: true }).then(() =>
      import('node:fs/promises').then(({ mkdir }) => mkdir(uploadDir)),
    );
    const category = await createCategory(testApp.app, admin, { name: 'Main' });
    itemId = (
      await createItem(testApp.app, admin, { category_id: category.id, name: 'A', price: 1 })
    ).id;
  });
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    const leftovers = await readdir(stagingDir);
    await Promise.all(leftovers.map((name) => rm(join(stagingDir, name), { force: true })));
    expect(leftovers).toEqual([]);
  });
  afterAll(async () => {
    await testApp.close();
    await rm(uploadDir, { recursive: true, force: true });
    await rm(stagingDir, { recursive: true, force: true });
  });

  const upload = (
    data: Buffer,
    filename = 'photo.jpg',
    contentType = 'image/jpeg',
    id = itemId,
  ) => {
    const body = multipartFile('image', filename, contentType, data);
    return testApp.app.inject({
      method: 'PUT',
      url: `/api/admin/menu/items/${id}/image`,
      headers: { ...bearer(admin), ...body.headers },
      payload: body.payload,
    });
  };
  /** A raw HTTP/1.1 connection to the listening app, to see what a real client sees. */
  const openSocket = async () => {
    if (listeningPort === undefined) {
      await testApp.app.listen(testListenPort(), '127.0.0.1');
      listeningPort = (testApp.app.getHttpServer().address() as AddressInfo).port;
    }
    const socket = connect(listeningPort, '127.0.0.1');
    socket.on('error', () => undefined);
    await once(socket, 'connect');
    let received = '';
    let waiting: (() => void) | undefined;
    socket.on('data', (data: Buffer) => {
      received += data.toString('latin1');
      waiting?.();
    });
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    /** Resolves with the next complete response (headers and a Content-Length body). */
    const nextResponse = async (): Promise<string> => {
      for (;;) {
        const end = received.indexOf('\r\n\r\n');
        const length = /content-length: (\d+)/i.exec(received.slice(0, end));
        if (end !== -1 && length && received.length >= end + 4 + Number(length[1])) {
          const response = received.slice(0, end + 4 + Number(length[1]));
          received = received.slice(response.length);
          return response;
        }
        await Promise.race([new Promise<void>((resolve) => (waiting = resolve)), closed]);
        if (socket.destroyed && received.indexOf('\r\n\r\n') === -1) return received;
      }
    };
    sockets.push(socket);
    return Object.assign(socket, { nextResponse, whenClosed: closed });
  };
  const fetchImage = (url: string, headers: Record<string, string> = {}) =>
    testApp.app.inject({ method: 'GET', url, headers });

  it('stores a JPEG and a 300×300 JPEG thumbnail, and shows both URLs on the item', async () => {
    const jpeg = await solidImage(800, 600).jpeg().toBuffer();
    const response = await upload(jpeg);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(Object.keys(body).sort()).toEqual(['image_url', 'thumbnail_url']);
    expect(body.image_url).toMatch(/^\/images\/[0-9a-f-]{36}\.jpg$/);
    expect(body.thumbnail_url).toMatch(/^\/images\/[0-9a-f-]{36}\.jpg$/);

    const original = await fetchImage(body.image_url);
    expect(original.statusCode).toBe(200);
    expect(original.headers['content-type']).toBe('image/jpeg');
    expect(await sharp(original.rawPayload).metadata()).toMatchObject({
      format: 'jpeg',
      width: 800,
      height: 600,
    });

    const thumbnail = await fetchImage(body.thumbnail_url);
    expect(thumbnail.headers['content-type']).toBe('image/jpeg');
    const meta = await sharp(thumbnail.rawPayload).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 300, height: 300 });

    for (const token of [admin, table]) {
      const item = await testApp.app.inject({
        method: 'GET',
        url: `/api/menu/items/${itemId}`,
        headers: bearer(token),
      });
      expect(item.json()).toMatchObject(body);
      const list = await testApp.app.inject({
        method: 'GET',
        url: '/api/menu/items',
        headers: bearer(token),
      });
      expect(list.json()[0]).toMatchObject(body);
    }
    expect((await readdir(uploadDir)).sort()).toEqual(
      [body.image_url, body.thumbnail_url]
        .map((url: string) => url.slice('/images/'.length))
        .sort(),
    );
  });

  it.each([
    ['a transparent wide PNG', () => solidImage(640, 200, true).png().toBuffer(), 'png'],
    ['a tall WebP', () => solidImage(200, 900).webp().toBuffer(), 'webp'],
    ['a GIF', () => solidImage(320, 320).gif().toBuffer(), 'gif'],
  ])('accepts %s and crops its thumbnail to exactly 300×300', async (_name, make, extension) => {
    const response = await upload(await make(), `upload.${extension}`, 'application/octet-stream');
    expect(response.statusCode).toBe(200);
    expect(response.json().image_url).toMatch(new RegExp(`\\.${extension}$`));
    const thumbnail = await fetchImage(response.json().thumbnail_url);
    const meta = await sharp(thumbnail.rawPayload).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 300, height: 300 });
  });

  it('serves images with ETag and an immutable Cache-Control, and 304 on If-None-Match', async () => {
    const { image_url: url } = (await upload(await solidImage(400, 400).jpeg().toBuffer())).json();
    const first = await fetchImage(url);
    expect(first.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(first.headers['x-content-type-options']).toBe('nosniff');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[^"]+"$/);

    const again = await fetchImage(url, { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(etag);
    const weak = await fetchImage(url, { 'if-none-match': `"other", W/${etag}` });
    expect(weak.statusCode).toBe(304);
    const stale = await fetchImage(url, { 'if-none-match': '"other"' });
    expect(stale.statusCode).toBe(200);
  });

  it('deletes the replaced files once the new ones are recorded', async () => {
    const first = (await upload(await solidImage(500, 500).jpeg().toBuffer())).json();
    const second = (
      await upload(await solidImage(300, 500).png().toBuffer(), 'b.png', 'image/png')
    ).json();
    const names = (urls: string[]) => urls.map((url) => url.slice('/images/'.length)).sort();
    expect((await readdir(uploadDir)).sort()).toEqual(
      names([second.image_url, second.thumbnail_url]),
    );
    expect((await fetchImage(first.image_url)).statusCode).toBe(404);
    expect((await fetchImage(first.thumbnail_url)).statusCode).toBe(404);
    const [row] = await testApp.dataSource.query(
      `SELECT image_path, thumbnail_path FROM menus WHERE id = $1`,
      [itemId],
    );
    expect(names([`/images/${row.image_path}`, `/images/${row.thumbnail_path}`])).toEqual(
      names([second.image_url, second.thumbnail_url]),
    );
  });

  it('answers 413 for a 6 MB upload and keeps nothing', async () => {
    const response = await upload(sixMegabyteJpeg());
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await readdir(uploadDir)).toEqual([]);
  });

  it('delivers the 413 of a declared 6 MB body to a client still sending it, and keeps the connection', async () => {
    const socket = await openSocket();
    const body = multipartFile('image', 'big.jpg', 'image/jpeg', sixMegabyteJpeg());
    const head =
      `PUT /api/admin/menu/items/${itemId}/image HTTP/1.1\r\nHost: localhost\r\n` +
      `Authorization: Bearer ${admin}\r\nContent-Type: ${body.headers['content-type']}\r\n` +
      `Content-Length: ${body.payload.length}\r\n\r\n`;
    socket.write(head);
    socket.write(body.payload);
    const first = await socket.nextResponse();
    expect(first).toMatch(/^HTTP\/1\.1 413 /);
    expect(first).not.toMatch(/connection: close/i);
    // The rest of the body was drained: the same connection serves the next request.
    socket.write(
      `GET /api/menu/items HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${table}\r\n\r\n`,
    );
    expect(await socket.nextResponse()).toMatch(/^HTTP\/1\.1 200 /);
    socket.end();
  });

  it('stops reading a chunked upload at the limit: 413 and Connection: close while the body is unfinished', async () => {
    const socket = await openSocket();
    const boundary = 'limit-test';
    socket.write(
      `PUT /api/admin/menu/items/${itemId}/image HTTP/1.1\r\nHost: localhost\r\n` +
        `Authorization: Bearer ${admin}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\n` +
        `Transfer-Encoding: chunked\r\n\r\n`,
    );
    const chunk = (data: Buffer) =>
      Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from('\r\n')]);
    socket.write(
      chunk(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="a.jpg"\r\n` +
            `Content-Type: image/jpeg\r\n\r\n\xff\xd8\xff\xe0`,
          'latin1',
        ),
      ),
    );
    // 8 MB of a body that never ends: the answer must come without waiting for the rest.
    const block = Buffer.alloc(64 * 1024, 0x20);
    for (let sent = 0; sent < 8 * 1024 * 1024; sent += block.length) socket.write(chunk(block));
    const answer = await socket.nextResponse();
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toMatch(/connection: close/i);
    expect(answer).toMatch(/PAYLOAD_TOO_LARGE/);
    await socket.whenClosed;
    expect(await readdir(uploadDir)).toEqual([]);
  });

  it('answers 415 for a text file named .jpg, whatever its declared type', async () => {
    const response = await upload(Buffer.from('just some text, honestly\n'.repeat(20)));
    expect(response.statusCode).toBe(415);
    expect(response.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const svg = await upload(
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'),
      'a.svg',
      'image/svg+xml',
    );
    expect(svg.statusCode).toBe(415);
    expect(await readdir(uploadDir)).toEqual([]);
  });

  it('leaves no staging file behind uploads refused at their first bytes', async () => {
    // A refusal can come before its staging file is opened (seen once in CI, under load).
    const text = Buffer.from('plain text, not an image\n'.repeat(40));
    const answers = await Promise.all(Array.from({ length: 40 }, () => upload(text)));
    expect(answers.map((answer) => answer.statusCode)).toEqual(answers.map(() => 415));
    expect(await readdir(stagingDir)).toEqual([]);
  });

  it.each([
    ['a PNG header declaring 100,000 × 100,000 pixels', pngBomb, 'bomb.png'],
    ['a GIF declaring 65,535 × 65,535 pixels', gifBomb, 'bomb.gif'],
  ])('refuses %s with 422, without decoding it', async (_name, make, filename) => {
    const response = await upload(make(), filename, 'image/png');
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('UNPROCESSABLE_ENTITY');
    expect(await readdir(uploadDir)).toEqual([]);
  });

  it('answers 422 for an image that cannot be decoded', async () => {
    const truncated = (await solidImage(400, 400).png().toBuffer()).subarray(0, 80);
    const response = await upload(truncated, 'cut.png', 'image/png');
    expect(response.statusCode).toBe(422);
    expect(await readdir(uploadDir)).toEqual([]);
  });

  it('needs the multipart field "image" (400) and multipart at all (415)', async () => {
    const jpeg = await solidImage(50, 50).jpeg().toBuffer();
    const wrongField = multipartFile('photo', 'a.jpg', 'image/jpeg', jpeg);
    const wrong = await testApp.app.inject({
      method: 'PUT',
      url: `/api/admin/menu/items/${itemId}/image`,
      headers: { ...bearer(admin), ...wrongField.headers },
      payload: wrongField.payload,
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details[0].field).toBe('image');

    const json = await testApp.app.inject({
      method: 'PUT',
      url: `/api/admin/menu/items/${itemId}/image`,
      headers: bearer(admin),
      payload: { image: 'base64...' },
    });
    expect(json.statusCode).toBe(415);
  });

  it('answers 404 for an unknown or deleted item before reading the upload', async () => {
    const jpeg = await solidImage(50, 50).jpeg().toBuffer();
    expect((await upload(jpeg, 'a.jpg', 'image/jpeg', itemId + 100)).statusCode).toBe(404);
    await testApp.app.inject({
      method: 'DELETE',
      url: `/api/admin/menu/items/${itemId}`,
      headers: bearer(admin),
    });
    expect((await upload(jpeg)).statusCode).toBe(404);
    expect(await readdir(uploadDir)).toEqual([]);
  });

  it.each([
    '/images/../package.json',
    '/images/%2e%2e%2fpackage.json',
    '/images/..%2f..%2fpackage.json',
    '/images/%2e%2e%2f%2e%2e%2fsrc%2fmain.ts',
    '/images/package.json',
    '/images/3f1c2a8e-5b7d-4c1e-9a2b-0d4e6f8a1b2c.jpg',
  ])('answers 404 for %s', async (url) => {
    const response = await fetchImage(url);
    expect(response.statusCode).toBe(404);
    expect(response.body).not.toContain('table-order-api');
  });

  it('does not let a table upload', async () => {
    const body = multipartFile(
      'image',
      'a.jpg',
      'image/jpeg',
      await solidImage(50, 50).jpeg().toBuffer(),
    );
    const response = await testApp.app.inject({
      method: 'PUT',
      url: `/api/admin/menu/items/${itemId}/image`,
      headers: { ...bearer(table), ...body.headers },
      payload: body.payload,
    });
    expect(response.statusCode).toBe(403);
  });

  it('serves the original re-encoded without EXIF or GPS, turned upright, in its own format', async () => {
    const GPS_INFO_TAG = Buffer.from([0x25, 0x88]); // tag 0x8825, little-endian as sharp writes it
    const photo = await solidImage(120, 80)
      .jpeg()
      .withExif({
        IFD0: { Make: 'SpyCam', Model: 'X1', Artist: 'Kim Owner' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '37/1 33/1 59/1' },
      })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const sent = await sharp(photo).metadata();
    expect(sent.orientation).toBe(6);
    expect(sent.exif?.includes(GPS_INFO_TAG)).toBe(true);
    expect(photo.includes('Kim Owner')).toBe(true);

    const { image_url: url } = (await upload(photo)).json();
    const served = (await fetchImage(url)).rawPayload;
    const meta = await sharp(served).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 80, height: 120 });
    expect(meta.exif).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(served.includes('Kim Owner')).toBe(false);
    expect(served.includes('SpyCam')).toBe(false);
    const stored = await readFile(join(uploadDir, url.slice('/images/'.length)));
    expect(stored.equals(served)).toBe(true);
  });

  it('keeps a PNG a PNG with its transparency, and an animated GIF animated', async () => {
    const png = await solidImage(120, 80, true).png().toBuffer();
    const { image_url: pngUrl } = (await upload(png, 'a.png', 'image/png')).json();
    expect(await sharp((await fetchImage(pngUrl)).rawPayload).metadata()).toMatchObject({
      format: 'png',
      width: 120,
      height: 80,
      hasAlpha: true,
    });

    // Frames that differ (identical frames are merged by the GIF encoder).
    const frames = await Promise.all(
      [10, 120, 250].map((red) =>
        sharp({
          create: { width: 40, height: 120, channels: 3, background: { r: red, g: 2, b: 3 } },
        })
          .png()
          .toBuffer(),
      ),
    );
    const animated = await sharp(frames, { join: { animated: true } })
      .gif()
      .toBuffer();
    expect((await sharp(animated, { animated: true }).metadata()).pages).toBe(3);
    const { image_url: gifUrl } = (await upload(animated, 'a.gif', 'image/gif')).json();
    const gif = await sharp((await fetchImage(gifUrl)).rawPayload, { animated: true }).metadata();
    expect(gif).toMatchObject({ format: 'gif', pages: 3, width: 40 });
  });
});
