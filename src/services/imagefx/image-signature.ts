/**
 * What a picture's first bytes say it is. Types are always taken from the bytes, never from a file name or
 * a declared MIME type, so a mislabelled file is caught here rather than by Google or the gallery.
 */

/** Picture types the image service recognises, by their usual file extension. */
export type PictureType = 'png' | 'jpeg' | 'webp' | 'gif';

const MIME_TYPES: { readonly [T in PictureType]: `image/${T}` } = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
};

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  return signature.every((byte, index) => bytes[offset + index] === byte);
}

/** The type the bytes are, or `null` when they are none of the known picture types. */
export function sniffPictureType(bytes: Uint8Array): PictureType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'gif';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
  return null;
}

/** The MIME type of a picture type. */
export function pictureMimeType<T extends PictureType>(type: T): `image/${T}` {
  return MIME_TYPES[type];
}
