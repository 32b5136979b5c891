import { RecentIds } from './recent-ids';

describe('RecentIds', () => {
  it('accepts an id once', () => {
    const ids = new RecentIds(10);
    expect(ids.add('a')).toBe(true);
    expect(ids.add('a')).toBe(false);
    expect(ids.add('b')).toBe(true);
  });

  it('forgets the oldest ids beyond its capacity', () => {
    const ids = new RecentIds(3);
    for (const id of ['a', 'b', 'c', 'd']) ids.add(id);
    expect(ids.size).toBe(3);
    expect(ids.add('a')).toBe(true);
    expect(ids.add('d')).toBe(false);
  });
});
