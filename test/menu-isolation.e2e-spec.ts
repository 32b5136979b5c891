import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { adminToken, bearer, createStore, tableToken } from './support/fixtures';
import { createCategory, createItem, multipartFile } from './support/menu-helpers';
import { resetData, startTestApp, TestApp } from './support/test-app';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';

/**
 * Store beta's accounts must not reach store alpha's menu: alpha's category ids in beta's own
 * requests answer exactly like ids that do not exist, alpha's rows, files and cached views stay
 * untouched, and every listing shows the caller's store only.
 */
describe('menu tenant isolation', () => {
  let testApp: TestApp;
  let ids: { alphaCategory: number; alphaItem: number; betaCategory: number; betaItem: number };
  let tokens: { alphaAdmin: string; betaAdmin: string; betaTable: string };
  let alphaSnapshot: unknown[];
  let jpeg: Buffer;
  let uploadDir: string;

  const snapshot = () =>
    testApp.dataSource.query(
      `SELECT m.id, m.name, m.price, m.category_id, m.image_path, m.deleted_at, c.name AS category
         FROM menus m JOIN menu_categories c ON c.id = m.category_id
        WHERE c.store_id = (SELECT id FROM stores WHERE code = 'alpha') ORDER BY m.id`,
    );

  beforeAll(async () => {
    uploadDir = await mkdtemp(join(tmpdir(), 'menu-isolation-'));
    testApp = await startTestApp({ UPLOAD_DIR: uploadDir });
    await resetData(testApp);
    const alpha = await createStore(testApp.dataSource, 'alpha');
    const beta = await createStore(testApp.dataSource, 'beta');
    tokens = {
      alphaAdmin: await adminToken(testApp.app, alpha),
      betaAdmin: await adminToken(testApp.app, beta),
      betaTable: await tableToken(testApp.app, beta),
    };
    const alphaCategory = (await createCategory(testApp.app, tokens.alphaAdmin, { name: 'Main' }))
      .id;
    const betaCategory = (await createCategory(testApp.app, tokens.betaAdmin, { name: 'Main' })).id;
    ids = {
      alphaCategory,
      betaCategory,
      alphaItem: (
        await createItem(testApp.app, tokens.alphaAdmin, {
          category_id: alphaCategory,
          name: 'Alpha dish',
          price: 1000,
        })
      ).id,
      betaItem: (
        await createItem(testApp.app, tokens.betaAdmin, {
          category_id: betaCategory,
          name: 'Beta dish',
          price: 2000,
        })
      ).id,
    };
    // Alpha's views are cached before beta probes them.
    for (const url of [
      '/api/menu/items',
      '/api/menu/categories',
      `/api/menu/items/${ids.alphaItem}`,
    ]) {
      await testApp.app.inject({ method: 'GET', url, headers: bearer(tokens.alphaAdmin) });
    }
    alphaSnapshot = await snapshot();
    jpeg = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#888' } })
      .jpeg()
      .toBuffer();
  });
  afterAll(async () => {
    await testApp.close();
    await rm(uploadDir, { recursive: true, force: true });
  });

  // Route-by-route 404s are rows of test/isolation.e2e-spec.ts; here, references to another
  // store's category from the caller's own writes, which must read exactly like unknown ids.
  const rows: [string, Method, () => string, () => object | undefined, 'admin' | 'both'][] = [
    [
      'create an own item in a category',
      'POST',
      () => '/api/admin/menu/items',
      () => ({ category_id: ids.alphaCategory, name: 'X', price: 1 }),
      'admin',
    ],
    [
      'move an own item into a category',
      'PATCH',
      () => `/api/admin/menu/items/${ids.betaItem}`,
      () => ({ category_id: ids.alphaCategory }),
      'admin',
    ],
    [
      'filter its own menu by a category',
      'GET',
      () => `/api/menu/items?category_id=${ids.alphaCategory}`,
      () => undefined,
      'both',
    ],
  ];

  it.each(rows)(
    'beta cannot %s of alpha (404, as for an unknown id)',
    async (_name, method, url, payload, who) => {
      const callers = who === 'both' ? [tokens.betaAdmin, tokens.betaTable] : [tokens.betaAdmin];
      for (const token of callers) {
        const response = await testApp.app.inject({
          method,
          url: url(),
          headers: bearer(token),
          payload: payload(),
        });
        expect(response.statusCode).toBe(404);
        expect(response.json().error.code).toBe('NOT_FOUND');

        const unknown = url()
          .replace(String(ids.alphaItem), '999999')
          .replace(String(ids.alphaCategory), '999998');
        const unknownPayload = JSON.parse(
          JSON.stringify(payload() ?? null).replace(String(ids.alphaCategory), '999998'),
        );
        const reference = await testApp.app.inject({
          method,
          url: unknown,
          headers: bearer(token),
          payload: unknownPayload ?? undefined,
        });
        expect(reference.statusCode).toBe(404);
        expect(response.json().error.message).toBe(reference.json().error.message);
      }
      expect(await snapshot()).toEqual(alphaSnapshot);
    },
  );

  it('beta cannot upload an image for alpha’s item (404) and nothing is stored', async () => {
    const body = multipartFile('image', 'a.jpg', 'image/jpeg', jpeg);
    const response = await testApp.app.inject({
      method: 'PUT',
      url: `/api/admin/menu/items/${ids.alphaItem}/image`,
      headers: { ...bearer(tokens.betaAdmin), ...body.headers },
      payload: body.payload,
    });
    expect(response.statusCode).toBe(404);
    expect(await snapshot()).toEqual(alphaSnapshot);
    expect(await readdir(uploadDir)).toEqual([]);
  });

  it('lists only the caller’s own store, cached or not', async () => {
    for (const token of [tokens.betaAdmin, tokens.betaTable, tokens.betaAdmin]) {
      const items = await testApp.app.inject({
        method: 'GET',
        url: '/api/menu/items',
        headers: bearer(token),
      });
      expect(items.json().map((item: { id: number }) => item.id)).toEqual([ids.betaItem]);
      const categories = await testApp.app.inject({
        method: 'GET',
        url: '/api/menu/categories',
        headers: bearer(token),
      });
      expect(categories.json().map((category: { id: number }) => category.id)).toEqual([
        ids.betaCategory,
      ]);
    }
    const alphaItems = await testApp.app.inject({
      method: 'GET',
      url: '/api/menu/items',
      headers: bearer(tokens.alphaAdmin),
    });
    expect(alphaItems.json().map((item: { id: number }) => item.id)).toEqual([ids.alphaItem]);
  });
});
