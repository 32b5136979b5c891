import { detectImageType, storedImageType } from './image-type';

describe('detectImageType', () => {
  it.each([
    ['jpeg', [0xff, 0xd8, 0xff, 0xe0, 0, 0x10], 'jpg'],
    ['png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d], 'png'],
    ['gif87a', [...Buffer.from('GIF87a'), 1, 0], 'gif'],
    ['gif89a', [...Buffer.from('GIF89a'), 1, 0], 'gif'],
    ['webp', [...Buffer.from('RIFF'), 0x24, 0, 0, 0, ...Buffer.from('WEBP')], 'webp'],
  ])('recognises %s from its signature', (_name, bytes, extension) => {
    expect(detectImageType(Buffer.from(bytes))?.extension).toBe(extension);
  });

  it.each([
    ['text', Buffer.from('hello, this is not a picture')],
    ['a RIFF that is not WebP', Buffer.from('RIFF\x24\x00\x00\x00WAVE')],
    ['a truncated PNG signature', Buffer.from([0x89, 0x50, 0x4e])],
    ['nothing', Buffer.alloc(0)],
  ])('rejects %s', (_name, bytes) => {
    expect(detectImageType(bytes)).toBeUndefined();
  });
});

describe('storedImageType', () => {
  const uuid = '3f1c2a8e-5b7d-4c1e-9a2b-0d4e6f8a1b2c';

  it('accepts generated names only', () => {
    expect(storedImageType(`${uuid}.jpg`)?.contentType).toBe('image/jpeg');
    expect(storedImageType(`${uuid}.webp`)?.contentType).toBe('image/webp');
  });

  it.each([
    '../package.json',
    `${uuid}.jpg/..`,
    `${uuid}.JPG`,
    `${uuid}.svg`,
    `.${uuid}.jpg`,
    `${uuid}.jpg\u0000.png`,
    'package.json',
  ])('refuses %j', (name) => {
    expect(storedImageType(name)).toBeUndefined();
  });
});
