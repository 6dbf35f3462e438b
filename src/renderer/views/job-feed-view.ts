/**
 * The Create page's feed: the running job and the next few waiting, then the latest finished jobs, each
 * with its pictures as they are saved. It says how many jobs it leaves to the Queue page (which lists
 * them all) instead of dropping them silently, and its counts are the whole queue's. A gallery item
 * belongs to the job whose reported image has its media id (or, until that report arrives, to the running
 * job with its prompt, saved since that run began). Cards are kept per job and moved without losing focus.
 */
import type { GalleryItem } from '../../shared/gallery-schemas.ts';
import type { GenerationJob } from '../../shared/generation-schemas.ts';
import type { AppState } from '../app-state.ts';
import type { Bridge } from '../bridge.ts';
import { toCallError } from '../bridge.ts';
import { h, keepFocus, replaceChildren } from '../dom.ts';
import { plural } from '../format.ts';
import { icon, type IconName } from '../icons.ts';
import { listAllJobs } from '../job-pages.ts';
import { isActive } from '../job-state.ts';
import { queueLine, statusCounts } from '../queue-line.ts';
import { signInAs } from '../sign-in-as.ts';
import { JobCard } from './job-card.ts';
import type { Toasts } from './toasts.ts';

/** Running and waiting jobs the feed shows before leaving the rest to the Queue page. */
export const FEED_ACTIVE_JOBS = 6;
/** Finished jobs the feed shows, newest first. */
export const FEED_FINISHED_JOBS = 24;

/** The jobs the feed shows, in queue order, and how many it leaves to the Queue page. */
export function feedJobs(jobs: Iterable<GenerationJob>): { shown: GenerationJob[]; moreActive: number; moreFinished: number } {
  const line = queueLine(jobs, []).map((entry) => entry.job);
  const active = line.filter(isActive);
  const finished = line.filter((job) => !isActive(job));
  return {
    shown: [...active.slice(0, FEED_ACTIVE_JOBS), ...finished.slice(0, FEED_FINISHED_JOBS)],
    moreActive: Math.max(0, active.length - FEED_ACTIVE_JOBS),
    moreFinished: Math.max(0, finished.length - FEED_FINISHED_JOBS),
  };
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
    const since = job.startedAt ?? 0;
    for (const item of items) {
      if (mine.length >= job.request.count) break;
      if (!claimed.has(item.id) && item.prompt === prompt && item.createdAt >= since) {
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
  readonly #more = h('p', { class: 'feed-more' });
  readonly #empty: HTMLElement;
  readonly #cards = new Map<string, JobCard>();
  readonly #open: (item: GalleryItem) => void;
  /** Redraws every second while a card counts down (a retry, the pause between generations). */
  #ticker: ReturnType<typeof setInterval> | null = null;

  constructor(state: AppState, bridge: Bridge, toasts: Toasts, open: (item: GalleryItem) => void, openQueue: () => void) {
    this.#state = state;
    this.#bridge = bridge;
    this.#toasts = toasts;
    this.#open = open;
    this.#empty = h('div', { class: 'empty-state' }, [
      h('div', { class: 'empty-art', attrs: { 'aria-hidden': 'true' } }, [icon('sparkle')]),
      h('h3', { text: 'Your images will appear here' }),
      h('p', { text: 'Write a prompt and press Generate. Every image is saved to your gallery as it arrives and stays available offline.' }),
    ]);
    const toQueue = h('button', { class: 'link-button', text: 'Open the queue', attrs: { type: 'button', id: 'feed-open-queue' } });
    toQueue.addEventListener('click', openQueue);
    this.#more.append(h('span', { class: 'feed-more-text' }), ' ', toQueue);
    this.element = h('section', { class: 'feed', attrs: { 'aria-labelledby': 'feed-title' } }, [
      h('div', { class: 'section-heading' }, [h('h2', { text: 'Generations', attrs: { id: 'feed-title' } }), this.#summary, this.#toolbar]),
      this.#empty,
      this.#list,
      this.#more,
    ]);
    state.subscribe('jobs', () => this.render());
    state.subscribe('results', () => this.render());
    this.render();
  }

  /** Every picture shown in the feed, in order (for the viewer's ←/→). */
  items(): GalleryItem[] {
    const { shown } = feedJobs(this.#state.jobs.values());
    const byJob = assignItems(shown, this.#state.results);
    return shown.flatMap((job) => byJob.get(job.id) ?? []);
  }

  render(): void {
    const { shown, moreActive, moreFinished } = feedJobs(this.#state.jobs.values());
    const byJob = assignItems(shown, this.#state.results);
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
    const elements = shown.map((job) => {
      let card = this.#cards.get(job.id);
      if (!card) this.#cards.set(job.id, (card = new JobCard(job, controls)));
      countingDown = card.update(job, byJob.get(job.id) ?? [], now).countdownUntil !== null || countingDown;
      return card.element;
    });
    this.#keepTicking(countingDown);
    for (const [id, card] of this.#cards) if (!elements.includes(card.element)) this.#cards.delete(id);
    keepFocus(this.#list, () => {
      elements.forEach((element, index) => {
        if (this.#list.children[index] !== element) this.#list.insertBefore(element, this.#list.children[index] ?? null);
      });
      while (this.#list.children.length > elements.length) this.#list.lastElementChild?.remove();
    }, () => this.#list);
    this.#empty.hidden = shown.length > 0;
    const hidden = [moreActive > 0 && `${moreActive} more in line`, moreFinished > 0 && `${plural(moreFinished, 'earlier finished job')}`].filter(Boolean);
    this.#more.hidden = hidden.length === 0;
    this.#more.firstElementChild!.textContent = `${hidden.join(' and ')} ${hidden.length > 0 ? 'are not shown here.' : ''}`.trim();
    this.#renderToolbar();
  }

  #renderToolbar(): void {
    const counts = statusCounts(this.#state.jobs.values());
    const parts = [counts.running > 0 && `${counts.running} generating`, counts.queued > 0 && `${counts.queued} waiting`, counts.paused > 0 && `${counts.paused} paused`].filter(Boolean);
    this.#summary.textContent = parts.join(' · ');
    const finished = counts.completed + counts.failed + counts.cancelled > 0;
    const active = counts.running + counts.queued + counts.paused;
    const focused = this.#toolbar.contains(document.activeElement) ? document.activeElement?.textContent : null;
    replaceChildren(this.#toolbar, [
      counts.queued > 0 ? this.#action('Pause all', 'pause', () => this.#bridge.invoke('generation:pause-all')) : null,
      counts.paused > 0 ? this.#action('Resume all', 'play', () => this.#bridge.invoke('generation:resume-all')) : null,
      active > 1 ? this.#action('Cancel all', 'close', () => this.#bridge.invoke('generation:cancel-all')) : null,
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
