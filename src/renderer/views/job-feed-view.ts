/**
 * The Create page's feed: the generation queue and its results in one list. Jobs that are running or
 * waiting come first, in the order they will run; finished ones follow, newest first. Each job shows its
 * pictures as they are saved: a gallery item belongs to the job whose reported image has its media id
 * (or, until that report arrives, to the active job with its prompt).
 */
import type { GalleryItem } from '../../shared/gallery-schemas.ts';
import type { GenerationJob } from '../../shared/generation-schemas.ts';
import type { AppState } from '../app-state.ts';
import type { Bridge } from '../bridge.ts';
import { toCallError } from '../bridge.ts';
import { h, replaceChildren } from '../dom.ts';
import { icon, type IconName } from '../icons.ts';
import { listAllJobs } from '../job-pages.ts';
import { signInAs } from '../sign-in-as.ts';
import { isActive, JobCard } from './job-card.ts';
import type { Toasts } from './toasts.ts';

const MAX_JOBS_SHOWN = 60;

/** Active jobs first (oldest first: the next to run), then finished ones (newest first). */
export function feedOrder(jobs: Iterable<GenerationJob>): GenerationJob[] {
  const all = [...jobs];
  const active = all.filter(isActive).sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id, 'en', { numeric: true }));
  const finished = all.filter((job) => !isActive(job)).sort((a, b) => b.createdAt - a.createdAt || b.id.localeCompare(a.id, 'en', { numeric: true }));
  return [...active, ...finished];
}

/** Which of `items` (newest first) belong to each job, oldest first within a job. */
export function assignItems(jobs: readonly GenerationJob[], items: readonly GalleryItem[]): Map<string, GalleryItem[]> {
  const claimed = new Set<string>();
  const byJob = new Map<string, GalleryItem[]>();
  for (const job of jobs) {
    const mediaIds = new Set(job.images.map((image) => image.mediaId).filter((id): id is string => Boolean(id)));
    const mine = items.filter((item) => mediaIds.has(item.mediaId));
    for (const item of mine) claimed.add(item.id);
    byJob.set(job.id, mine);
  }
  for (const job of jobs) {
    const mine = byJob.get(job.id)!;
    if (job.status !== 'running' || mine.length >= job.request.count) continue;
    const prompt = job.settings?.prompt ?? job.request.prompt.trim();
    for (const item of items) {
      if (mine.length >= job.request.count) break;
      if (!claimed.has(item.id) && item.prompt === prompt) {
        claimed.add(item.id);
        mine.push(item);
      }
    }
  }
  for (const mine of byJob.values()) mine.reverse();
  return byJob;
}

export class JobFeedView {
  readonly element: HTMLElement;
  readonly #state: AppState;
  readonly #bridge: Bridge;
  readonly #toasts: Toasts;
  readonly #list = h('div', { class: 'job-feed', attrs: { id: 'job-feed', 'aria-label': 'Generations', tabindex: '-1' } });
  readonly #summary = h('span', { class: 'muted feed-summary', attrs: { role: 'status' } });
  readonly #toolbar = h('div', { class: 'feed-actions' });
  readonly #empty: HTMLElement;
  readonly #cards = new Map<string, JobCard>();
  readonly #open: (item: GalleryItem) => void;
  /** Redraws every second while a card counts down (a retry, the pause between generations). */
  #ticker: ReturnType<typeof setInterval> | null = null;

  constructor(state: AppState, bridge: Bridge, toasts: Toasts, open: (item: GalleryItem) => void) {
    this.#state = state;
    this.#bridge = bridge;
    this.#toasts = toasts;
    this.#open = open;
    this.#empty = h('div', { class: 'empty-state' }, [
      h('div', { class: 'empty-art', attrs: { 'aria-hidden': 'true' } }, [icon('sparkle')]),
      h('h3', { text: 'Your images will appear here' }),
      h('p', { text: 'Write a prompt and press Generate. Every image is saved to your gallery as it arrives and stays available offline.' }),
    ]);
    this.element = h('section', { class: 'feed', attrs: { 'aria-labelledby': 'feed-title' } }, [
      h('div', { class: 'section-heading' }, [h('h2', { text: 'Generations', attrs: { id: 'feed-title' } }), this.#summary, this.#toolbar]),
      this.#empty,
      this.#list,
    ]);
    state.subscribe('jobs', () => this.render());
    state.subscribe('results', () => this.render());
    this.render();
  }

  /** Every picture shown in the feed, in order (for the viewer's ←/→). */
  items(): GalleryItem[] {
    const jobs = feedOrder(this.#state.jobs.values()).slice(0, MAX_JOBS_SHOWN);
    const byJob = assignItems(jobs, this.#state.results);
    return jobs.flatMap((job) => byJob.get(job.id) ?? []);
  }

  render(): void {
    const jobs = feedOrder(this.#state.jobs.values()).slice(0, MAX_JOBS_SHOWN);
    const byJob = assignItems(jobs, this.#state.results);
    const controls = {
      pause: (id: string) => this.#run(() => this.#bridge.invoke('generation:pause-job', id)),
      resume: (id: string) => this.#run(() => this.#bridge.invoke('generation:resume-job', id)),
      cancel: (id: string) => this.#run(() => this.#bridge.invoke('generation:cancel-job', id)),
      signIn: (job: GenerationJob) =>
        this.#run(async () => {
          await signInAs(this.#bridge, job.accountId);
          // Signed in (or already was, when Google refused a token labs.google still vouches for): run it.
          if (job.status === 'paused') await this.#bridge.invoke('generation:resume-job', job.id);
        }),
      open: this.#open,
    };
    const now = Date.now();
    let countingDown = false;
    const elements = jobs.map((job) => {
      let card = this.#cards.get(job.id);
      if (!card) this.#cards.set(job.id, (card = new JobCard(job, controls)));
      countingDown = card.update(job, byJob.get(job.id) ?? [], now).countdownUntil !== null || countingDown;
      return card.element;
    });
    this.#keepTicking(countingDown);
    for (const [id, card] of this.#cards) if (!elements.includes(card.element)) this.#cards.delete(id);
    elements.forEach((element, index) => {
      if (this.#list.children[index] !== element) this.#list.insertBefore(element, this.#list.children[index] ?? null);
    });
    while (this.#list.children.length > elements.length) this.#list.lastElementChild?.remove();
    this.#empty.hidden = jobs.length > 0;
    this.#renderToolbar(jobs);
  }

  #renderToolbar(jobs: readonly GenerationJob[]): void {
    const count = (status: GenerationJob['status']) => jobs.filter((job) => job.status === status).length;
    const running = count('running');
    const waiting = count('queued');
    const paused = count('paused');
    const parts = [running > 0 && `${running} generating`, waiting > 0 && `${waiting} waiting`, paused > 0 && `${paused} paused`].filter(Boolean);
    this.#summary.textContent = parts.join(' · ');
    const finished = jobs.some((job) => !isActive(job));
    const focused = this.#toolbar.contains(document.activeElement) ? document.activeElement?.textContent : null;
    replaceChildren(this.#toolbar, [
      waiting > 0 ? this.#action('Pause all', 'pause', () => this.#bridge.invoke('generation:pause-all')) : null,
      paused > 0 ? this.#action('Resume all', 'play', () => this.#bridge.invoke('generation:resume-all')) : null,
      running + waiting + paused > 1 ? this.#action('Cancel all', 'close', () => this.#bridge.invoke('generation:cancel-all')) : null,
      finished ? this.#action('Clear finished', 'clear', () => this.#clearFinished()) : null,
    ]);
    const again = Array.from(this.#toolbar.children).find((button) => button.textContent === focused);
    if (focused) (again instanceof HTMLElement ? again : this.#list).focus();
  }

  #keepTicking(needed: boolean): void {
    if (needed && this.#ticker === null) this.#ticker = setInterval(() => this.render(), 1_000);
    if (!needed && this.#ticker !== null) {
      clearInterval(this.#ticker);
      this.#ticker = null;
    }
  }

  async #clearFinished(): Promise<void> {
    await this.#bridge.invoke('generation:clear-finished');
    this.#state.setQueue(await listAllJobs(this.#bridge));
  }

  #run(work: () => Promise<unknown>): void {
    work().catch((failure: unknown) => {
      const error = toCallError(failure);
      if (error.code !== 'LOGIN_CANCELLED') this.#toasts.error(error);
    });
  }

  #action(label: string, iconName: IconName, work: () => Promise<unknown>): HTMLButtonElement {
    const button = h('button', { class: 'text-button', attrs: { type: 'button' } }, [icon(iconName), label]);
    button.addEventListener('click', () => this.#run(work));
    return button;
  }
}
