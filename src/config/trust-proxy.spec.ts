import { readTrustProxy } from './trust-proxy';

const read = (value?: string) => readTrustProxy({ TRUST_PROXY: value }, 'TRUST_PROXY');

describe('readTrustProxy', () => {
  it.each([
    [undefined, false],
    ['false', false],
    ['TRUE', true],
    ['1', 1],
    ['2', 2],
    ['10.0.0.0/16', ['10.0.0.0/16']],
    [
      '10.0.0.0/16, 127.0.0.1, ::1, fd00::/8, loopback',
      ['10.0.0.0/16', '127.0.0.1', '::1', 'fd00::/8', 'loopback'],
    ],
  ])('reads %p as %p', (value, expected) => {
    expect(read(value)).toEqual(expected);
  });

  it.each([
    ['0', 'TRUST_PROXY as a hop count must be between 1 and 10, got 0'],
    ['11', 'TRUST_PROXY as a hop count must be between 1 and 10, got 11'],
    ['yes', 'got "yes"'],
    ['10.0.0.0/33', 'got "10.0.0.0/33"'],
    ['10.0.0.0/16, alb.internal', 'got "alb.internal"'],
    ['::1/129', 'got "::1/129"'],
  ])('refuses %p', (value, message) => {
    expect(() => read(value)).toThrow(message);
  });
});
