/**
 * Reads what a gallery image file says about itself, for both formats, through the independent readers
 * (gallery-png-text-reader.ts for PNG text chunks, jpeg-xmp-reader.ts for JPEG XMP); nothing here imports
 * src. The namespace and the keyword names are spelled out here on purpose, from the file format the
 * gallery documents, so a change on the writing side shows up as a failing test.
 */
import { readPngText } from './gallery-png-text-reader.ts';
import { readJpegXmpProperties } from './jpeg-xmp-reader.ts';

/** The XMP namespace the gallery writes its properties in. */
export const GALLERY_XMP_NAMESPACE = 'urn:imagefx-desktop:gallery:1.0#';

/** The PNG keyword of each field (the XMP property has the field's own name). */
const PNG_KEYWORDS: Record<string, string> = {
  'imagefx:prompt': 'prompt',
  'imagefx:seed': 'seed',
  'imagefx:model': 'model',
  'imagefx:aspect-ratio': 'aspectRatio',
  'imagefx:media-id': 'mediaId',
  'imagefx:workflow-id': 'workflowId',
  'imagefx:created-at': 'createdAt',
  'imagefx:metadata': 'metadata',
  'imagefx:favourite': 'favourite',
};

export interface GalleryImageText {
  readonly format: 'png' | 'jpeg';
  /** The embedded texts by field name (prompt, seed, model, aspectRatio, …, metadata, favourite). */
  readonly fields: Map<string, string>;
  /** `fields.metadata` parsed. */
  readonly metadata: Record<string, unknown> | null;
}

/** The format by magic bytes and the gallery's embedded fields; throws on a file of neither format. */
export function readGalleryImageText(bytes: Uint8Array): GalleryImageText {
  let format: 'png' | 'jpeg';
  const fields = new Map<string, string>();
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) {
    format = 'png';
    for (const { keyword, text } of readPngText(bytes)) if (PNG_KEYWORDS[keyword]) fields.set(PNG_KEYWORDS[keyword], text);
  } else if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    format = 'jpeg';
    for (const [name, text] of readJpegXmpProperties(bytes, GALLERY_XMP_NAMESPACE)) fields.set(name, text);
  } else {
    throw new Error('neither a PNG nor a JPEG');
  }
  const json = fields.get('metadata');
  return { format, fields, metadata: json === undefined ? null : (JSON.parse(json) as Record<string, unknown>) };
}
