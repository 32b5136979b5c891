import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { adminToken, bearer, createStore } from './support/fixtures';
import { createCategory, createItem, multipartFile } from './support/menu-helpers';
import { resetData, startTestApp, TestApp } from './support/test-app';

const jpeg = (color: { r: number; g: number; b: number }) =>
  sharp({ create: { width: 640, height: 480, channels: 3, background: color } })
    .jpeg()
    .toBuffer();

/**
 * Every instance mounts the same UPLOAD_DIR (EFS on AWS, terraform/storage.tf): an image
 * uploaded through instance A is served by instance B, and a replacement through B retires the
 * old files for A too.
 */
describe('two instances sharing one upload directory', () => {
  let uploadDir: string;
  let a: TestApp;
  let b: TestApp;
  let token: string;
  let itemId: number;

  beforeAll(async () => {
    uploadDir = await mkdtemp(join(tmpdir(), 'shared-uploads-'));
    const env = { UPLOAD_DIR: uploadDir };
    a = await startTestApp(env);
    b = await startTestApp(env);
    await resetData(a);
    const store = await createStore(a.dataSource, 'shared-uploads');
    token = await adminToken(a.app, store);
    const category = await createCategory(a.app, token, { name: 'Main' });
    itemId = (await createItem(a.app, token, { category_id: category.id, name: 'A', price: 1 })).id;
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await rm(uploadDir, { recursive: true, force: true });
  });

  const upload = async (through: TestApp, data: Buffer) => {
    const body = multipartFile('image', 'photo.jpg', 'image/jpeg', data);
    const response = await through.app.inject({
      method: 'PUT',
      url: `/api/admin/menu/items/${itemId}/image`,
      headers: { ...bearer(token), ...body.headers },
      payload: body.payload,
    });
    expect(response.statusCode).toBe(200);
    return response.json() as { image_url: string; thumbnail_url: string };
  };
  const get = (through: TestApp, url: string) => through.app.inject({ method: 'GET', url });

  it('serves through B what was uploaded through A, byte for byte', async () => {
    const { image_url, thumbnail_url } = await upload(a, await jpeg({ r: 200, g: 60, b: 40 }));
    for (const url of [image_url, thumbnail_url]) {
      const fromA = await get(a, url);
      const fromB = await get(b, url);
      expect({ url, a: fromA.statusCode, b: fromB.statusCode }).toEqual({ url, a: 200, b: 200 });
      expect(fromB.headers['content-type']).toBe('image/jpeg');
      expect(fromB.rawPayload.equals(fromA.rawPayload)).toBe(true);
    }
    const thumbnail = await sharp((await get(b, thumbnail_url)).rawPayload).metadata();
    expect({ width: thumbnail.width, height: thumbnail.height }).toEqual({
      width: 300,
      height: 300,
    });
  });

  it('retires the old files on every instance when B replaces the image', async () => {
    const first = await upload(a, await jpeg({ r: 10, g: 200, b: 10 }));
    const second = await upload(b, await jpeg({ r: 10, g: 10, b: 200 }));
    expect((await get(a, first.image_url)).statusCode).toBe(404);
    expect((await get(a, second.image_url)).statusCode).toBe(200);
    const item = await a.app.inject({
      method: 'GET',
      url: `/api/menu/items/${itemId}`,
      headers: bearer(token),
    });
    expect(item.json()).toMatchObject({ image_url: second.image_url });
  });
});
