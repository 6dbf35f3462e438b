/**
 * One generation job on the Create page: its prompt and settings, status and progress, pause / resume /
 * cancel, what it waits for (from `describeJob`, with a live countdown), and its pictures — placeholders
 * while Google works, each replaced by the saved image the moment it arrives. Kept per job and updated in
 * place, so keyboard focus survives progress events; when the focused control goes away (Cancel, once
 * cancelled), the card itself takes focus. A job waiting for a sign-in offers "Sign in" (as its account)
 * where a paused job offers "Resume".
 */
import type { GalleryItem } from '../../shared/gallery-schemas.ts';
import type { GenerationJob } from '../../shared/generation-schemas.ts';
import { h, keepFocus, replaceChildren } from '../dom.ts';
import { aspectRatioLabel, plural } from '../format.ts';
import { icon, type IconName } from '../icons.ts';
import { describeJob, isActive, type JobDescription } from '../job-state.ts';
import { thumbnailCard } from './thumbnail-card.ts';

export interface JobControls {
  pause(jobId: string): void;
  resume(jobId: string): void;
  cancel(jobId: string): void;
  /** Signs in as the job's account (switching to it when it is known). */
  signIn(job: GenerationJob): void;
  open(item: GalleryItem): void;
}

const SHAPES: Readonly<Record<string, string>> = {
  IMAGE_ASPECT_RATIO_PORTRAIT: '9 / 16',
  IMAGE_ASPECT_RATIO_LANDSCAPE: '16 / 9',
  IMAGE_ASPECT_RATIO_LANDSCAPE_FOUR_THREE: '4 / 3',
  IMAGE_ASPECT_RATIO_PORTRAIT_THREE_FOUR: '3 / 4',
};

export class JobCard {
  readonly element: HTMLElement;
  readonly #controls: JobControls;
  readonly #tiles = new Map<string, HTMLElement>();
  readonly #header = h('div', { class: 'job-header' });
  readonly #progress = h('div', { class: 'progress', attrs: { role: 'progressbar', 'aria-label': 'Progress', 'aria-valuemin': 0 } }, [h('span', { class: 'progress-fill' })]);
  readonly #grid = h('div', { class: 'job-grid', attrs: { role: 'list' } });
  readonly #message = h('p', { class: 'job-message' });
  #headerDrawn = '';

  constructor(job: GenerationJob, controls: JobControls) {
    this.#controls = controls;
    this.element = h('article', { class: 'job', attrs: { tabindex: '-1' }, dataset: { jobId: job.id } }, [this.#header, this.#progress, this.#message, this.#grid]);
  }

  /** Draws `job` as it is at `now` (epoch ms; countdowns), with the pictures saved so far. Returns its description. */
  update(job: GenerationJob, items: readonly GalleryItem[], now: number): JobDescription {
    const wanted = job.request.count;
    const description = describeJob(job, now);
    this.element.className = ['job', `job-${job.status}`, `job-tone-${description.tone}`, job.wait ? 'job-waiting' : ''].filter(Boolean).join(' ');
    if (job.wait) this.element.dataset.wait = job.wait.reason;
    else delete this.element.dataset.wait;
    this.element.setAttribute('aria-label', `${job.request.prompt}: ${description.label}`);
    keepFocus(this.element, () => this.#renderHeader(job, description), () => this.element);
    const running = job.status === 'running' && !job.wait;
    this.#progress.hidden = !isActive(job);
    this.#progress.classList.toggle('progress-indeterminate', running);
    this.#progress.setAttribute('aria-valuemax', String(wanted));
    if (running) this.#progress.removeAttribute('aria-valuenow');
    else this.#progress.setAttribute('aria-valuenow', String(items.length));
    (this.#progress.firstElementChild as HTMLElement).style.setProperty('--progress', String(Math.min(1, items.length / wanted)));
    // Pictures on the card already say "saved": the sentence is for a job whose pictures are not shown.
    const picturesShown = job.status === 'completed' && items.length > 0 && job.images.length >= wanted;
    const message = picturesShown ? '' : description.detail;
    this.#message.textContent = message;
    this.#message.hidden = message === '';
    keepFocus(this.element, () => this.#renderTiles(job, items), () => this.element);
    return description;
  }

  #renderHeader(job: GenerationJob, description: JobDescription): void {
    const seed = job.settings?.seed ?? job.request.seed;
    // Unchanged (another job progressed): leave the DOM alone, so nothing focused in it is disturbed.
    const drawn = JSON.stringify([job.status, description.label, description.tone, description.action, seed, job.request.prompt]);
    if (drawn === this.#headerDrawn) return;
    this.#headerDrawn = drawn;
    const focused = this.#header.contains(document.activeElement) ? document.activeElement?.getAttribute('aria-label') : null;
    const actions: HTMLButtonElement[] = [];
    if (description.action === 'sign-in') actions.push(this.#textAction('Sign in', () => this.#controls.signIn(job)));
    if (job.status === 'queued') actions.push(this.#action('Pause', 'pause', () => this.#controls.pause(job.id)));
    if (job.status === 'paused' && description.action !== 'sign-in') actions.push(this.#action('Resume', 'play', () => this.#controls.resume(job.id)));
    if (isActive(job)) actions.push(this.#action('Cancel', 'close', () => this.#controls.cancel(job.id)));
    replaceChildren(this.#header, [
      h('div', { class: 'job-text' }, [
        h('p', { class: 'job-prompt', text: job.request.prompt, attrs: { title: job.request.prompt, dir: 'auto' } }),
        h('p', { class: 'job-meta', text: [plural(job.request.count, 'image'), aspectRatioLabel(job.request.aspectRatio), seed === null ? 'random seed' : `seed ${seed}`].join(' · ') }),
      ]),
      h('span', { class: ['status-chip', `status-${description.tone}`], text: description.label }),
      h('div', { class: 'job-actions' }, actions),
    ]);
    if (focused) actions.find((button) => button.getAttribute('aria-label') === focused)?.focus();
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
    const current = Array.from(this.#grid.children);
    const same = current.length === tiles.length && tiles.every((tile, index) => current[index] === tile || (tile.classList.contains('placeholder') && current[index]!.className === tile.className));
    if (!same) replaceChildren(this.#grid, tiles);
    this.#grid.hidden = tiles.length === 0;
  }

  #textAction(label: string, run: () => void): HTMLButtonElement {
    const button = h('button', { class: 'button button-small button-primary', text: label, attrs: { type: 'button', 'aria-label': label } });
    button.addEventListener('click', run);
    return button;
  }

  #action(label: string, iconName: IconName, run: () => void): HTMLButtonElement {
    const button = h('button', { class: 'icon-button small', attrs: { type: 'button', 'aria-label': label, title: label } }, [icon(iconName)]);
    button.addEventListener('click', run);
    return button;
  }
}
