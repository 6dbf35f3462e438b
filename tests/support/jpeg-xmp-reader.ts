/**
 * An independent JPEG + XMP reader for the gallery tests: it shares no code with src/services/gallery. It
 * walks the JPEG's marker segments by the JPEG specification (T.81 Annex B), finds the XMP packets by their
 * APP1 signatures (XMP part 3: the standard packet and "extended XMP" chunks, put together by offset and
 * checked against their MD5 GUID), and reads them with a small namespace-aware XML parser, so it does not
 * care which prefix a writer chose or whether a property was written as an element or an attribute.
 */
import { createHash } from 'node:crypto';

export interface JpegSegmentSummary {
  /** The marker's second byte (0xE1 for APP1). */
  readonly marker: number;
  /** Where the marker's FF is in the file, and the payload after the length field. */
  readonly offset: number;
  readonly payload: Buffer;
}

const STANDARD = 'http://ns.adobe.com/xap/1.0/\0';
const EXTENSION = 'http://ns.adobe.com/xmp/extension/\0';
const XMP_NOTE = 'http://ns.adobe.com/xmp/note/';

/** The marker segments from SOI up to and including SOS (whose payload is its header only); throws when malformed. */
export function listJpegSegments(jpeg: Uint8Array): JpegSegmentSummary[] {
  const bytes = Buffer.from(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength);
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) throw new Error('not a JPEG: no SOI');
  const segments: JpegSegmentSummary[] = [];
  let position = 2;
  while (position < bytes.length) {
    if (bytes[position] !== 0xff) throw new Error(`expected a marker at ${position}`);
    while (bytes[position + 1] === 0xff) position += 1;
    const marker = bytes[position + 1]!;
    const length = bytes.readUInt16BE(position + 2);
    if (position + 2 + length > bytes.length) throw new Error('segment runs past the end');
    segments.push({ marker, offset: position, payload: bytes.subarray(position + 4, position + 2 + length) });
    if (marker === 0xda) return segments;
    position += 2 + length;
  }
  throw new Error('no SOS segment');
}

/** `jpeg` without the marker segment that starts at `offset` (to compare a file with what it was before a segment went in). */
export function withoutSegmentAt(jpeg: Uint8Array, offset: number): Buffer {
  const bytes = Buffer.from(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength);
  if (bytes[offset] !== 0xff) throw new Error(`no marker at ${offset}`);
  return Buffer.concat([bytes.subarray(0, offset), bytes.subarray(offset + 2 + bytes.readUInt16BE(offset + 2))]);
}

/** The width and height in the frame header (SOF0–SOF15 other than DHT, JPG, DAC). */
export function jpegSize(jpeg: Uint8Array): { width: number; height: number } {
  const frame = listJpegSegments(jpeg).find(({ marker }) => marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker));
  if (!frame) throw new Error('no frame header');
  return { height: frame.payload.readUInt16BE(1), width: frame.payload.readUInt16BE(3) };
}

/** Every standard XMP packet of the JPEG (a file may carry someone else's as well as ours), each with the extended packet it names. */
export function readJpegXmpPackets(jpeg: Uint8Array): Array<{ standard: string; extended: string | null }> {
  const app1 = listJpegSegments(jpeg).filter(({ marker }) => marker === 0xe1);
  const standards = app1.filter(({ payload }) => payload.toString('latin1', 0, STANDARD.length) === STANDARD);
  return standards.map(({ payload }) => {
    const standard = payload.subarray(STANDARD.length).toString('utf8');
    const guid = propertiesIn(standard, XMP_NOTE).get('HasExtendedXMP');
    if (!guid) return { standard, extended: null };
    const chunks = app1
      .filter((segment) => segment.payload.toString('latin1', 0, EXTENSION.length) === EXTENSION)
      .map((segment) => segment.payload.subarray(EXTENSION.length))
      .filter((rest) => rest.toString('latin1', 0, 32) === guid)
      .map((rest) => ({ total: rest.readUInt32BE(32), offset: rest.readUInt32BE(36), data: rest.subarray(40) }))
      .sort((a, b) => a.offset - b.offset);
    const whole = Buffer.concat(chunks.map(({ data }) => data));
    if (chunks.length === 0 || whole.length !== chunks[0]!.total) throw new Error('extended XMP is incomplete');
    if (createHash('md5').update(whole).digest('hex').toUpperCase() !== guid) throw new Error('extended XMP does not match its GUID');
    return { standard, extended: whole.toString('utf8') };
  });
}

/** Every property in `namespace` of the JPEG's XMP packets, by local name. */
export function readJpegXmpProperties(jpeg: Uint8Array, namespace: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const { standard, extended } of readJpegXmpPackets(jpeg)) {
    for (const [name, value] of propertiesIn(standard, namespace)) found.set(name, value);
    if (extended) for (const [name, value] of propertiesIn(extended, namespace)) found.set(name, value);
  }
  return found;
}

/**
 * The simple properties of `namespace` in an XML document: elements whose content is text only, and
 * attributes, each keyed by local name. Prefixes are resolved through the xmlns declarations in scope.
 */
export function propertiesIn(xml: string, namespace: string): Map<string, string> {
  const found = new Map<string, string>();
  const scopes: Array<Map<string, string>> = [new Map()];
  const open: Array<{ name: string; text: string; elementOnly: boolean }> = [];
  const resolve = (qualified: string, scope: Map<string, string>): [string | undefined, string] => {
    const colon = qualified.indexOf(':');
    return colon < 0 ? [scope.get(''), qualified] : [scope.get(qualified.slice(0, colon)), qualified.slice(colon + 1)];
  };
  const token = /<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<\/([^\s>]+)\s*>|<([^\s/>]+)((?:\s+[^\s=]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
  for (const match of xml.matchAll(token)) {
    const [, closing, opening, attributeText, selfClosing, text] = match;
    if (text !== undefined) {
      if (open.length > 0) open.at(-1)!.text += decode(text);
    } else if (opening !== undefined) {
      const scope = new Map(scopes.at(-1)!);
      const attributes = [...(attributeText ?? '').matchAll(/([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)].map(
        ([, name, double, single]) => [name!, decode(double ?? single ?? '')] as const,
      );
      for (const [name, value] of attributes) if (name === 'xmlns' || name.startsWith('xmlns:')) scope.set(name.slice(6), value);
      for (const [name, value] of attributes) {
        const [uri, local] = resolve(name, scope);
        if (uri === namespace && !name.startsWith('xmlns')) found.set(local, value);
      }
      if (open.length > 0) open.at(-1)!.elementOnly = true;
      if (selfClosing) continue;
      scopes.push(scope);
      open.push({ name: opening, text: '', elementOnly: false });
    } else if (closing !== undefined) {
      const element = open.pop();
      const scope = scopes.pop()!;
      if (!element || element.name !== closing) throw new Error(`mismatched </${closing}>`);
      const [uri, local] = resolve(closing, scope);
      if (uri === namespace && !element.elementOnly) found.set(local, element.text);
    }
  }
  if (open.length > 0) throw new Error(`unclosed <${open.at(-1)!.name}>`);
  return found;
}

/** XML character data: the five named entities and numeric references; line ends normalised as XML does. */
function decode(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos);/gi, (_whole, entity: string) => {
      if (entity[0] === '#') return String.fromCodePoint(entity[1] === 'x' || entity[1] === 'X' ? Number.parseInt(entity.slice(2), 16) : Number(entity.slice(1)));
      return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[entity]!;
    });
}
