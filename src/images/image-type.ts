export interface ImageType {
  extension: 'jpg' | 'png' | 'webp' | 'gif';
  contentType: string;
}

const JPEG: ImageType = { extension: 'jpg', contentType: 'image/jpeg' };
const PNG: ImageType = { extension: 'png', contentType: 'image/png' };
const WEBP: ImageType = { extension: 'webp', contentType: 'image/webp' };
const GIF: ImageType = { extension: 'gif', contentType: 'image/gif' };

/** Bytes needed to recognise every accepted type (RIFF....WEBP is the longest signature). */
export const SIGNATURE_BYTES = 12;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The image type from the file's first bytes (never from its name or declared type). */
export function detectImageType(head: Buffer): ImageType | undefined {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return JPEG;
  if (head.subarray(0, 8).equals(PNG_SIGNATURE)) return PNG;
  const ascii = head.subarray(0, SIGNATURE_BYTES).toString('latin1');
  if (ascii.startsWith('GIF87a') || ascii.startsWith('GIF89a')) return GIF;
  if (ascii.startsWith('RIFF') && ascii.slice(8, 12) === 'WEBP') return WEBP;
  return undefined;
}

const BY_EXTENSION = new Map([JPEG, PNG, WEBP, GIF].map((type) => [type.extension, type]));

/** Only names this service generates: a UUID v4 and one of the accepted extensions. */
const STORED_NAME =
  /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\.(jpg|png|webp|gif)$/;

/** The content type of a generated file name, or undefined for any other name. */
export function storedImageType(name: string): ImageType | undefined {
  const match = STORED_NAME.exec(name);
  return match ? BY_EXTENSION.get(match[1] as ImageType['extension']) : undefined;
}
