import { AppConfig } from '../../config/app-config';
import { LocalResponseCache } from './local-response-cache.service';

function cache(localMaxBytes: number, ttlSeconds = 300): LocalResponseCache {
  return new LocalResponseCache({ cache: { localMaxBytes, ttlSeconds } } as AppConfig);
}

describe('LocalResponseCache', () => {
  afterEach(() => jest.useRealTimers());

  it('serves a copy only under the version it was stored with', () => {
    const local = cache(1024);
    local.set('k', 'v1', Buffer.from('[1]'));
    expect(local.get('k', 'v1')?.toString()).toBe('[1]');
    expect(local.get('k', 'v2')).toBeUndefined();
    // A mismatch drops the copy: the old version never matches again either.
    expect(local.get('k', 'v1')).toBeUndefined();
  });

  it('drops copies after the cache TTL', () => {
    jest.useFakeTimers();
    const local = cache(1024, 10);
    local.set('k', 'v', Buffer.from('x'));
    jest.advanceTimersByTime(9_000);
    expect(local.get('k', 'v')).toBeDefined();
    jest.advanceTimersByTime(2_000);
    expect(local.get('k', 'v')).toBeUndefined();
  });

  it('drops a copy at the instant its answer stops being true, before the TTL', () => {
    jest.useFakeTimers();
    const local = cache(1024, 300);
    local.set('k', 'v', Buffer.from('x'), Date.now() + 2_000);
    jest.advanceTimersByTime(1_999);
    expect(local.get('k', 'v')).toBeDefined();
    jest.advanceTimersByTime(1);
    expect(local.get('k', 'v')).toBeUndefined();
    // An answer already past its instant is not kept at all.
    local.set('k', 'v', Buffer.from('x'), Date.now());
    expect(local.get('k', 'v')).toBeUndefined();
  });

  it('evicts the oldest copies to stay within its byte budget', () => {
    const local = cache(100);
    local.set('a', 'v', Buffer.alloc(40));
    local.set('b', 'v', Buffer.alloc(40));
    local.set('c', 'v', Buffer.alloc(40));
    expect(local.get('a', 'v')).toBeUndefined();
    expect(local.get('b', 'v')).toBeDefined();
    expect(local.get('c', 'v')).toBeDefined();
  });

  it('keeps nothing larger than its budget, and nothing at all with a budget of 0', () => {
    const small = cache(10);
    small.set('k', 'v', Buffer.alloc(20));
    expect(small.get('k', 'v')).toBeUndefined();
    const off = cache(0);
    off.set('k', 'v', Buffer.from('x'));
    expect(off.get('k', 'v')).toBeUndefined();
  });

  it('replaces a copy in place without leaking budget', () => {
    const local = cache(100);
    for (let round = 0; round < 10; round++) local.set('k', `v${round}`, Buffer.alloc(80));
    // 82 + 12 bytes fit in 100 only if the nine replaced copies were given back.
    local.set('other', 'v', Buffer.alloc(2));
    expect(local.get('k', 'v9')).toBeDefined();
    expect(local.get('other', 'v')).toBeDefined();
  });
});
