/**
 * Reproducible prompts and search queries for the gallery benchmarks. Prompts are built like real ImageFX
 * prompts ("a misty lighthouse on a cliff at dusk, oil painting, golden hour") from slot vocabularies, with
 * Zipf-like skew so some words are in a large share of the gallery and others in a handful of images —
 * which is what makes full-text search fast or slow. Queries mix common words, rare words, prefixes typed
 * so far ("lig") and two-word searches.
 */
import { seededRandom } from './stats.ts';

const ADJECTIVES = [
  'misty', 'ancient', 'neon', 'golden', 'tiny', 'giant', 'ruined', 'floating', 'frozen', 'glowing', 'quiet', 'busy',
  'rusty', 'crystal', 'velvet', 'shattered', 'overgrown', 'solitary', 'futuristic', 'medieval', 'whimsical', 'stormy',
  'sunlit', 'haunted', 'mechanical', 'luminous', 'weathered', 'paper', 'marble', 'copper',
];
const SUBJECTS = [
  'lighthouse', 'fox', 'cat', 'robot', 'castle', 'dragon', 'teapot', 'astronaut', 'owl', 'library', 'bicycle',
  'whale', 'greenhouse', 'samurai', 'violin', 'tram', 'octopus', 'windmill', 'portrait of an old fisherman',
  'cathedral', 'hummingbird', 'submarine', 'bonsai tree', 'market stall', 'typewriter', 'jellyfish', 'zeppelin',
  'tiger', 'ballerina', 'snail', 'train station', 'wolf', 'lantern', 'koi pond', 'sailboat', 'mushroom house',
  'violinist', 'chess set', 'lavender field', 'volcano',
];
const SETTINGS = [
  'on a cliff', 'in the snow', 'in a rainforest', 'under the sea', 'on the moon', 'in a busy street', 'in a desert',
  'at a night market', 'inside a glass dome', 'by a river', 'in a library', 'on a rooftop', 'in a wheat field',
  'among the clouds', 'in a cyberpunk city', 'in a cottage kitchen', 'on a frozen lake', 'in a bamboo forest',
];
const TIMES = ['at dusk', 'at dawn', 'at night', 'at noon', 'during a thunderstorm', 'in autumn', 'in spring', 'in fog'];
const STYLES = [
  'photorealistic', 'oil painting', 'watercolor', 'cinematic', 'studio ghibli style', 'isometric 3d render',
  'pencil sketch', 'ukiyo-e woodblock print', 'pixel art', 'art nouveau poster', 'macro photograph', 'claymation',
  'double exposure', 'low poly', 'charcoal drawing', 'analog film photo',
];
const LIGHTING = ['golden hour', 'volumetric light', 'soft light', 'rim lighting', 'neon glow', 'overcast', 'candlelight', 'moonlight'];

/** Picks from `list` with weight 1/(rank+1): the first entries are common, the last ones rare. */
function zipfPicker(random: () => number): <T>(list: readonly T[]) => T {
  return (list) => {
    const total = list.reduce((sum, _item, index) => sum + 1 / (index + 1), 0);
    let target = random() * total;
    for (const [index, item] of list.entries()) {
      target -= 1 / (index + 1);
      if (target <= 0) return item;
    }
    return list[list.length - 1]!;
  };
}

/** `count` prompts, the same for the same `seed`. */
export function benchPrompts(count: number, seed = 1): string[] {
  const pick = zipfPicker(seededRandom(seed));
  return Array.from({ length: count }, () =>
    `a ${pick(ADJECTIVES)} ${pick(SUBJECTS)} ${pick(SETTINGS)} ${pick(TIMES)}, ${pick(STYLES)}, ${pick(LIGHTING)}`,
  );
}

/** One prompt per call, continuing a seeded sequence (for appends after the gallery was filled). */
export function promptSource(seed: number): () => string {
  const pick = zipfPicker(seededRandom(seed));
  return () => `a ${pick(ADJECTIVES)} ${pick(SUBJECTS)} ${pick(SETTINGS)} ${pick(TIMES)}, ${pick(STYLES)}, ${pick(LIGHTING)}`;
}

/** `count` search queries as people type them: whole words, prefixes, two words, common and rare. */
export function benchQueries(count: number, seed = 2): string[] {
  const random = seededRandom(seed);
  const words = [...ADJECTIVES, ...SUBJECTS, ...SETTINGS, ...TIMES, ...STYLES, ...LIGHTING]
    .flatMap((phrase) => phrase.split(/[\s-]+/))
    .filter((word) => word.length >= 3);
  const word = (): string => words[Math.floor(random() * words.length)]!;
  return Array.from({ length: count }, (_unused, index) => {
    switch (index % 4) {
      case 0:
        return word();
      case 1:
        return word().slice(0, 3); // typed so far
      case 2:
        return `${word()} ${word()}`;
      default:
        return `${word()} ${word().slice(0, 4)}`;
    }
  });
}
