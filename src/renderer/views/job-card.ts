/**
 * One generation job on the Create page: its prompt and settings, status and progress, pause / resume /
 * cancel, and its pictures — placeholders while ImageFX works, each replaced by the saved image the
 * moment it arrives. Kept per job and updated in place, so keyboard focus survives progress events.
 */
import type { GalleryItem } from '../../shared/gallery-schemas.ts';
import type { GenerationJob, PauseReason } from '../../shared/generation-schemas.ts';
import { h, replaceChildren } from '../dom.ts';
import { presentError } from '../error-messages.ts';
import { aspectRatioLabel, JOB_STATUS_LABELS, plural } from '../format.ts';
import { icon, type IconName } from '../icons.ts';
import { thumbnailCard } from './thumbnail-card.ts';

export interface JobControls {
  pause(jobId: string): void;
  resume(jobId: string): void;
  cancel(jobId: string): void;
  open(item: GalleryItem): void;
}

const PAUSE_REASONS: Readonly<Record<PauseReason, string>> = {
  USER: 'Paused by you',
  AUTH_REQUIRED: 'Waiting for you to sign in again',
  QUOTA_REACHED: 'Waiting: the daily limit is reached',
  UNUSUAL_ACTIVITY: 'Waiting: Google paused this account',
};
const SHAPES: Readonly<Record<string, string>> = {
  IMAGE_ASPECT_RATIO_PORTRAIT: '9 / 16',
  IMAGE_ASPECT_RATIO_LANDSCAPE: '16 / 9',
  IMAGE_ASPECT_RATIO_LANDSCAPE_FOUR_THREE: '4 / 3',
  IMAGE_ASPECT_RATIO_PORTRAIT_THREE_FOUR: '3 / 4',
};

export function isActive(job: GenerationJob): boolean {
  return job.status === 'running' || job.status === 'queued' || job.status === 'paused';
}

export class JobCard {
  readonly element: HTMLElement;
  readonly #controls: JobControls;
  readonly #tiles = new Map<string, HTMLElement>();
  readonly #header = h('div', { class: 'job-header' });
  readonly #progress = h('div', { class: 'progress', attrs: { role: 'progressbar', 'aria-label': 'Progress', 'aria-valuemin': 0 } }, [h('span', { class: 'progress-fill' })]);
  readonly #grid = h('div', { class: 'job-grid', attrs: { role: 'list' } });
  readonly #message = h('p', { class: 'job-message' });

  constructor(job: GenerationJob, controls: JobControls) {
    this.#controls = controls;
    this.element = h('article', { class: 'job', dataset: { jobId: job.id } }, [this.#header, this.#progress, this.#message, this.#grid]);
  }

  update(job: GenerationJob, items: readonly GalleryItem[]): void {
    const wanted = job.request.count;
    this.element.className = `job job-${job.status}`;
    this.element.setAttribute('aria-label', `${job.request.prompt}: ${JOB_STATUS_LABELS[job.status]}`);
    this.#renderHeader(job);
    const running = job.status === 'running';
    this.#progress.hidden = !isActive(job);
    this.#progress.classList.toggle('progress-indeterminate', running);
    this.#progress.setAttribute('aria-valuemax', String(wanted));
    if (running) this.#progress.removeAttribute('aria-valuenow');
    else this.#progress.setAttribute('aria-valuenow', String(items.length));
    (this.#progress.firstElementChild as HTMLElement).style.setProperty('--progress', String(Math.min(1, items.length / wanted)));
    const message = this.#messageFor(job, items.length);
    this.#message.textContent = message;
    this.#message.hidden = message === '';
    this.#renderTiles(job, items);
  }

  #renderHeader(job: GenerationJob): void {
    const focused = this.#header.contains(document.activeElement) ? document.activeElement?.getAttribute('aria-label') : null;
    const actions: HTMLButtonElement[] = [];
    if (job.status === 'queued') actions.push(this.#action('Pause', 'pause', () => this.#controls.pause(job.id)));
    if (job.status === 'paused') actions.push(this.#action('Resume', 'play', () => this.#controls.resume(job.id)));
    if (isActive(job)) actions.push(this.#action('Cancel', 'close', () => this.#controls.cancel(job.id)));
    const seed = job.settings?.seed ?? job.request.seed;
    replaceChildren(this.#header, [
      h('div', { class: 'job-text' }, [
        h('p', { class: 'job-prompt', text: job.request.prompt, attrs: { title: job.request.prompt } }),
        h('p', { class: 'job-meta', text: [plural(job.request.count, 'image'), aspectRatioLabel(job.request.aspectRatio), seed === null ? 'random seed' : `seed ${seed}`].join(' · ') }),
      ]),
      h('span', { class: ['status-chip', `status-${job.status}`], text: JOB_STATUS_LABELS[job.status] }),
      h('div', { class: 'job-actions' }, actions),
    ]);
    if (focused) actions.find((button) => button.getAttribute('aria-label') === focused)?.focus();
  }

  #messageFor(job: GenerationJob, received: number): string {
    switch (job.status) {
      case 'failed':
        return job.failure ? `${presentError(job.failure).title}. ${presentError(job.failure).detail}` : 'This job failed.';
      case 'paused':
        return PAUSE_REASONS[job.pauseReason ?? 'USER'];
      case 'running':
        return job.failure ? `Retrying: ${presentError(job.failure).title}` : '';
      case 'completed':
        if (job.images.length < job.request.count) return `ImageFX sent ${job.images.length} of ${job.request.count} images.`;
        return received === 0 ? `${plural(job.images.length, 'image')} saved to your gallery.` : '';
      default:
        return '';
    }
  }

  #renderTiles(job: GenerationJob, items: readonly GalleryItem[]): void {
    const tiles: HTMLElement[] = items.map((item) => {
      const key = `${item.id}:${item.favourite}`;
      let tile = this.#tiles.get(key);
      if (!tile) {
        tile = h('div', { class: 'grid-cell', attrs: { role: 'listitem' } }, [thumbnailCard(item, (opened) => this.#controls.open(opened))]);
        this.#tiles.set(key, tile);
      }
      return tile;
    });
    for (const [key, tile] of this.#tiles) if (!tiles.includes(tile)) this.#tiles.delete(key);
    const pending = isActive(job) ? Math.max(0, job.request.count - items.length) : 0;
    for (let index = 0; index < pending; index += 1) {
      const placeholder = h('div', { class: ['placeholder', job.status === 'running' && 'placeholder-busy'], attrs: { role: 'listitem', 'aria-label': 'Waiting for an image' } });
      placeholder.style.setProperty('--ratio', SHAPES[job.request.aspectRatio] ?? '1 / 1');
      tiles.push(placeholder);
    }
    replaceChildren(this.#grid, tiles);
    this.#grid.hidden = tiles.length === 0;
  }

  #action(label: string, iconName: IconName, run: () => void): HTMLButtonElement {
    const button = h('button', { class: 'icon-button small', attrs: { type: 'button', 'aria-label': label, title: label } }, [icon(iconName)]);
    button.addEventListener('click', run);
    return button;
  }
}
