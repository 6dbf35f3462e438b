/**
 * Export file names people can read: the prompt's first words, then the end of the image's id so that two
 * images of one prompt never share a name (`a-lighthouse-on-a-cliff-at-dusk-8GQX2ZK1.png`). Letters and
 * digits of any script are kept (a Japanese prompt gives a Japanese name); everything else becomes one
 * hyphen, so the name is valid on Windows, macOS and Linux alike. The same image always gets the same name,
 * so exporting it again replaces the earlier copy.
 */

/** Words of the prompt used at most. */
export const NAME_WORDS = 8;
/** Characters (code points) of the prompt part at most. */
export const NAME_MAX_LENGTH = 60;
/** Characters of the id kept after the words: its random end. */
const ID_SUFFIX_LENGTH = 8;

const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/** The prompt part of a name: its first words, lower case, joined by hyphens; `image` when it has none. */
export function promptSlug(prompt: string): string {
  const words = prompt.normalize('NFC').toLowerCase().match(WORD) ?? [];
  let slug = '';
  for (const word of words.slice(0, NAME_WORDS)) {
    const next = slug === '' ? word : `${slug}-${word}`;
    if ([...next].length > NAME_MAX_LENGTH) {
      if (slug === '') slug = [...word].slice(0, NAME_MAX_LENGTH).join('');
      break;
    }
    slug = next;
  }
  return slug === '' ? 'image' : slug;
}

/**
 * The file names of one export, in order: `<words>-<id end><extension>`. A name already taken in this
 * export (the same words and the same id end, which the random part of ids makes all but impossible) gets
 * the whole id instead.
 */
export function exportFileNames(images: readonly { readonly id: string; readonly prompt: string; readonly extension: string }[]): string[] {
  const taken = new Set<string>();
  return images.map((image) => {
    const slug = promptSlug(image.prompt);
    let name = `${slug}-${image.id.slice(-ID_SUFFIX_LENGTH)}${image.extension}`;
    if (taken.has(name.toLowerCase())) name = `${slug}-${image.id}${image.extension}`;
    // Windows and macOS folders ignore case: two names differing only in case would be one file there.
    taken.add(name.toLowerCase());
    return name;
  });
}
