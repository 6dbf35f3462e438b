/**
 * The gallery's metadata as XMP (ISO 16684-1), the standard place for text in a JPEG, as iTXt chunks are in a
 * PNG: one `rdf:Description` in a namespace of ours whose simple properties are the same fields the PNG's
 * chunks hold (`imagefx:prompt`, …, `imagefx:metadata` with the versioned JSON the gallery reads back,
 * `imagefx:favourite`). Text is XML-escaped; characters XML 1.0 cannot carry at all (most control
 * characters, lone surrogates) become U+FFFD in the human-readable copies, while the JSON, which escapes
 * them itself, keeps every character.
 *
 * The reader only understands what this module writes (our prefix bound to our namespace, simple element
 * properties); XMP that another tool rewrote into a different shape is treated as absent.
 */
import type { MetadataTextFields } from './image-metadata.ts';
import { METADATA_TEXT_FIELD_NAMES } from './image-metadata.ts';

/** Our namespace. A URN, because the project owns no domain to name it after. */
export const GALLERY_XMP_NAMESPACE = 'urn:imagefx-desktop:gallery:1.0#';
export const GALLERY_XMP_PREFIX = 'imagefx';
/** Where XMP says "the rest of this packet is in the JPEG's extended XMP segments with this GUID". */
const XMP_NOTE_NAMESPACE = 'http://ns.adobe.com/xmp/note/';

/** The fields that move to the extended packet when the standard one would be too large. */
export const EXTENDED_FIELDS: ReadonlySet<keyof MetadataTextFields> = new Set(['prompt', 'metadata']);

/** One packet's properties as text, by field name. */
export type XmpProperties = Partial<Record<keyof MetadataTextFields, string>>;

/** The standard packet: the xpacket wrapper around an `x:xmpmeta`; `extendedGuid` links an extended packet. */
export function standardXmpPacket(properties: XmpProperties, extendedGuid: string | null = null): string {
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>\n${xmpMeta(properties, extendedGuid)}\n<?xpacket end="w"?>`;
}

/** The extended packet: an `x:xmpmeta` without the xpacket wrapper, as the XMP specification (part 3) asks. */
export function extendedXmpPacket(properties: XmpProperties): string {
  return xmpMeta(properties, null);
}

function xmpMeta(properties: XmpProperties, extendedGuid: string | null): string {
  const note = extendedGuid === null ? '' : ` xmlns:xmpNote="${XMP_NOTE_NAMESPACE}" xmpNote:HasExtendedXMP="${extendedGuid}"`;
  const elements = METADATA_TEXT_FIELD_NAMES.filter((name) => properties[name] !== undefined).map(
    (name) => `   <${GALLERY_XMP_PREFIX}:${name}>${escapeXmlText(properties[name]!)}</${GALLERY_XMP_PREFIX}:${name}>`,
  );
  return [
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    `  <rdf:Description rdf:about="" xmlns:${GALLERY_XMP_PREFIX}="${GALLERY_XMP_NAMESPACE}"${note}>`,
    ...elements,
    '  </rdf:Description>',
    ' </rdf:RDF>',
    '</x:xmpmeta>',
  ].join('\n');
}

/** What one of our packets says: its properties and, in a standard packet, the GUID of its extension. */
export interface ParsedXmp {
  readonly properties: XmpProperties;
  readonly extendedGuid: string | null;
}

const NAMESPACE_BINDING = `xmlns:${GALLERY_XMP_PREFIX}="${GALLERY_XMP_NAMESPACE}"`;
const PROPERTY = new RegExp(`<${GALLERY_XMP_PREFIX}:([A-Za-z]+)>([^<]*)</${GALLERY_XMP_PREFIX}:\\1>`, 'g');
const EXTENDED_GUID = /xmpNote:HasExtendedXMP="([0-9A-F]{32})"/;
const KNOWN_FIELDS: ReadonlySet<string> = new Set(METADATA_TEXT_FIELD_NAMES);

/** Our properties in `packet`, or `null` when it does not bind our namespace (someone else's XMP). */
export function parseGalleryXmp(packet: string): ParsedXmp | null {
  if (!packet.includes(NAMESPACE_BINDING)) return null;
  const properties: Record<string, string> = {};
  for (const [, name, text] of packet.matchAll(PROPERTY)) {
    const decoded = unescapeXmlText(text!);
    if (KNOWN_FIELDS.has(name!) && decoded !== null) properties[name!] = decoded;
  }
  return { properties: properties as XmpProperties, extendedGuid: EXTENDED_GUID.exec(packet)?.[1] ?? null };
}

// XML 1.0 cannot carry these even as character references; lone surrogates cannot be encoded as UTF-8.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };

/** Element text: markup characters escaped, a carriage return kept (a parser would turn a literal one into \n). */
export function escapeXmlText(text: string): string {
  return text.replace(NOT_XML, '\uFFFD').replace(/[&<>\r]/g, (character) => ESCAPES[character]!);
}

const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#([0-9]{1,7})|#x([0-9A-Fa-f]{1,6}));/g;
const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The text of an element; `null` when it holds a bare `&` or a reference to no character. */
function unescapeXmlText(text: string): string | null {
  // Every `&` must start a well-formed reference; one left over means the text was not written by us.
  if (text.replace(ENTITY, '').includes('&')) return null;
  let valid = true;
  const decoded = text.replace(ENTITY, (_whole, name: string | undefined, decimal: string | undefined, hex: string | undefined) => {
    if (name) return NAMED[name]!;
    const code = decimal ? Number.parseInt(decimal, 10) : Number.parseInt(hex!, 16);
    valid &&= code <= 0x10ffff;
    return valid ? String.fromCodePoint(code) : '';
  });
  return valid ? decoded : null;
}
