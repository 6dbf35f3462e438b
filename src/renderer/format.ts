/**
 * How values read in the UI: aspect ratios and models by name, dates in the user's locale, counts.
 */
import { IMAGE_MODEL_NAMES, type AspectRatio, type ImageModel } from '../shared/generation-options.ts';
import type { JobStatus } from '../shared/generation-schemas.ts';

/** Aspect ratios people can pick, with a label and the shape drawn on the option. */
export const ASPECT_RATIO_CHOICES: readonly {
  readonly value: AspectRatio;
  readonly label: string;
  readonly ratio: string;
  readonly shape: string;
}[] = [
  { value: 'IMAGE_ASPECT_RATIO_SQUARE', label: 'Square 1:1', ratio: '1:1', shape: 'square' },
  { value: 'IMAGE_ASPECT_RATIO_PORTRAIT', label: 'Portrait 9:16', ratio: '9:16', shape: 'portrait' },
  { value: 'IMAGE_ASPECT_RATIO_LANDSCAPE', label: 'Landscape 16:9', ratio: '16:9', shape: 'landscape' },
  { value: 'IMAGE_ASPECT_RATIO_LANDSCAPE_FOUR_THREE', label: 'Landscape 4:3', ratio: '4:3', shape: 'four-three' },
  { value: 'IMAGE_ASPECT_RATIO_PORTRAIT_THREE_FOUR', label: 'Portrait 3:4', ratio: '3:4', shape: 'three-four' },
];

export const MODEL_LABELS: Readonly<Record<ImageModel, string>> = IMAGE_MODEL_NAMES;

/** "Square 1:1" for a known ratio, the raw value otherwise (older images, future ratios). */
export function aspectRatioLabel(value: string): string {
  return ASPECT_RATIO_CHOICES.find((choice) => choice.value === value)?.label ?? (value === 'IMAGE_ASPECT_RATIO_UNSPECIFIED' ? 'Unspecified' : value);
}

export function modelLabel(value: string): string {
  return (MODEL_LABELS as Readonly<Record<string, string>>)[value] ?? value;
}

/** "3 images", "1 image". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

const counts = new Intl.NumberFormat('en-US');

/** A count with thousands grouped: "100,000". */
export function formatCount(count: number): string {
  return counts.format(count);
}

/** "100,000 images", "1 image". */
export function pluralCount(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : pluralForm}`;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatDateTime(epochMs: number): string {
  return dateTime.format(new Date(epochMs));
}

export const JOB_STATUS_LABELS: Readonly<Record<JobStatus, string>> = {
  queued: 'Waiting',
  running: 'Generating',
  paused: 'Paused',
  completed: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** Two letters for an avatar: initials of the name, else of the email. */
export function initials(name: string, email: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length >= 2) return (words[0]!.charAt(0) + words.at(-1)!.charAt(0)).toUpperCase();
  if (words.length === 1) return words[0]!.slice(0, 2).toUpperCase();
  return email.slice(0, 2).toUpperCase();
}

/** A stable hue (0–359) for an account's avatar colour. */
export function hueFor(text: string): number {
  let hash = 0;
  for (const char of text) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash % 360;
}
