import {
  cacheKey,
  keyTokenPattern,
  namespaceOf,
  storeOfPartialPrefix,
  storeVersionPattern,
  tokenKeyOf,
  versionKey,
} from './cache-keys';

const store = '6f1d2c3b-1a2b-4c3d-8e9f-0a1b2c3d4e5f';

describe('cache keys', () => {
  it('builds {store}:{entity}:{id} and the namespace token key', () => {
    expect(cacheKey(store, 'menu_item', 'all')).toBe(`${store}:menu_item:all`);
    expect(versionKey(store, 'menu_item')).toBe(`${store}:cache_version:menu_item`);
  });

  it.each([
    [`${store}:menu_item:all`, { storeId: store, entity: 'menu_item' }],
    [`${store}:menu_item:42`, { storeId: store, entity: 'menu_item' }],
    [`${store}:order_history:7:page:2`, { storeId: store, entity: 'order_history' }],
    [`${store}:order_history:`, { storeId: store, entity: 'order_history' }],
  ])('finds the namespace of %s', (key, namespace) => {
    expect(namespaceOf(key)).toEqual(namespace);
  });

  it.each(['', 'plain', `${store}:`, `${store}:menu_item`, `:menu_item:1`, `${store}::1`])(
    'finds no namespace in %j',
    (key) => {
      expect(namespaceOf(key)).toBeUndefined();
    },
  );

  it('never treats a token key as a cache namespace', () => {
    expect(namespaceOf(versionKey(store, 'menu_item'))).toBeUndefined();
  });

  it('names the store of a prefix that stops inside the entity, for a token sweep', () => {
    expect(storeOfPartialPrefix(`${store}:order_hi`)).toBe(store);
    expect(storeOfPartialPrefix(`${store}:`)).toBe(store);
    expect(storeOfPartialPrefix(`${store}:order_history:`)).toBeUndefined();
    expect(storeOfPartialPrefix('no-colon')).toBeUndefined();
    expect(storeVersionPattern('a*b')).toBe('a\\*b:cache_version:*');
  });

  it('guards a namespaced key by its namespace token, any other key by a token of its own', () => {
    expect(tokenKeyOf(`${store}:menu_item:7`)).toBe(`${store}:cache_version:menu_item`);
    expect(tokenKeyOf('session:12')).toBe('cache_version:session:12');
    expect(keyTokenPattern('session:1')).toBe('cache_version:session:1*');
  });
});
