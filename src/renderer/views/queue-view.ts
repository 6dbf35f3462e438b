/**
 * The Queue page: every job, however many (a virtualized list: only the rows in view are in the page),
 * with true counts, each waiting job's place and estimated start, why a job waits, and the controls —
 * per job (move, pause / resume, cancel, retry, remove) and for all (pause, resume, cancel, retry failed,
 * clear finished). Changes to the line itself (move, remove, retry, clear) are followed by asking the
 * queue for its list again, so the order shown is always the queue's.
 */
import type { JobMove } from '../../shared/generation-options.ts';
import type { AppState } from '../app-state.ts';
import type { Bridge } from '../bridge.ts';
import { toCallError } from '../bridge.ts';
import { h } from '../dom.ts';
import { plural } from '../format.ts';
import { icon, type IconName } from '../icons.ts';
import { listAllJobs } from '../job-pages.ts';
import { queueLine, statusCounts, type QueueEntry } from '../queue-line.ts';
import { QueueRow, type QueueAction } from './queue-row.ts';
import type { Toasts } from './toasts.ts';
import { VirtualList } from './virtual-list.ts';

/** Each row's height, CSS pixels (queue.css draws the row to it). */
export const QUEUE_ROW_HEIGHT = 64;

const HOLDS: Readonly<Record<string, string>> = {
  USER: 'The queue is paused: waiting jobs start when you resume.',
  AUTH_REQUIRED: 'The queue waits for you to sign in again.',
  QUOTA_REACHED: 'The queue waits: this account reached its daily limit. Resume when it is available again.',
  UNUSUAL_ACTIVITY: 'The queue waits: Google paused generation on this account. Resume later.',
};

export class QueueView {
  readonly element: HTMLElement;
  readonly #state: AppState;
  readonly #bridge: Bridge;
  readonly #toasts: Toasts;
  readonly #list: VirtualList<QueueEntry>;
  readonly #summary = h('p', { class: 'queue-summary', attrs: { id: 'queue-summary', role: 'status' } });
  readonly #hold = h('p', { class: 'queue-hold' });
  readonly #empty = h('div', { class: 'empty-state' }, [
    h('div', { class: 'empty-art', attrs: { 'aria-hidden': 'true' } }, [icon('queue')]),
    h('h3', { text: 'Nothing in the queue' }),
    h('p', { text: 'Jobs you start — one prompt, or a batch file of up to 500 — wait here in line and run one at a time.' }),
  ]);
  readonly #bulk = new Map<string, HTMLButtonElement>();

  constructor(state: AppState, bridge: Bridge, toasts: Toasts) {
    this.#state = state;
    this.#bridge = bridge;
    this.#toasts = toasts;
    this.#list = new VirtualList<QueueEntry>({
      id: 'queue-list',
      label: 'Jobs',
      rowHeight: QUEUE_ROW_HEIGHT,
      key: (entry) => entry.job.id,
      createRow: () => new QueueRow((jobId, action) => this.#perJob(jobId, action)),
    });
    const toolbar = h('div', { class: 'queue-toolbar', attrs: { role: 'toolbar', 'aria-label': 'All jobs' } }, [
      this.#bulkButton('pause-all', 'Pause all', 'pause', () => this.#bridge.invoke('generation:pause-all')),
      this.#bulkButton('resume-all', 'Resume all', 'play', () => this.#bridge.invoke('generation:resume-all')),
      this.#bulkButton('retry-failed', 'Retry failed', 'retry', async () => {
        const retried = await this.#bridge.invoke('generation:retry-failed');
        this.#toasts.show({ kind: 'info', title: `${plural(retried, 'job')} back in line` });
        await this.refresh();
      }),
      this.#bulkButton('cancel-all', 'Cancel all', 'close', () => this.#bridge.invoke('generation:cancel-all')),
      this.#bulkButton('clear-finished', 'Clear finished', 'clear', async () => {
        await this.#bridge.invoke('generation:clear-finished');
        await this.refresh();
      }),
    ]);
    this.element = h('section', { class: 'queue', attrs: { 'aria-labelledby': 'queue-title' } }, [
      h('div', { class: 'section-heading queue-heading' }, [h('h2', { text: 'Queue', attrs: { id: 'queue-title' } }), this.#summary]),
      toolbar,
      this.#hold,
      this.#empty,
      this.#list.element,
    ]);
    state.subscribe('jobs', () => this.render());
    this.render();
  }

  /** Asks the queue for its list again (after changes to the line itself). */
  async refresh(): Promise<void> {
    this.#state.setQueue(await listAllJobs(this.#bridge));
  }

  /** Redraws from the state; called on every job change. */
  render(): void {
    const jobs = [...this.#state.jobs.values()];
    const counts = statusCounts(jobs);
    const parts = [
      counts.running > 0 && `${counts.running} generating`,
      counts.queued > 0 && `${counts.queued} waiting`,
      counts.paused > 0 && `${counts.paused} paused`,
      counts.completed > 0 && `${counts.completed} done`,
      counts.failed > 0 && `${counts.failed} failed`,
      counts.cancelled > 0 && `${counts.cancelled} cancelled`,
    ].filter(Boolean);
    this.#summary.textContent = jobs.length === 0 ? '' : `${plural(jobs.length, 'job')}: ${parts.join(' · ')}`;
    const hold = this.#state.holdReason;
    this.#hold.textContent = hold ? (HOLDS[hold] ?? '') : '';
    this.#hold.hidden = this.#hold.textContent === '';
    this.#empty.hidden = jobs.length > 0;
    this.#list.element.hidden = jobs.length === 0;
    this.#showBulk({
      'pause-all': counts.queued > 0,
      'resume-all': counts.paused > 0 || hold !== null,
      'retry-failed': counts.failed > 0,
      'cancel-all': counts.queued + counts.paused + counts.running > 0,
      'clear-finished': counts.completed + counts.failed + counts.cancelled > 0,
    });
    this.#list.setItems(queueLine(jobs, this.#state.durations));
  }

  /** Gives focus to the start of the line (the running job, else the next to run). */
  focus(): void {
    this.#list.focusIndex(0);
  }

  #perJob(jobId: string, action: QueueAction): void {
    const moves: Partial<Record<QueueAction, JobMove>> = { top: 'top', up: 'up', down: 'down' };
    const move = moves[action];
    const work = async (): Promise<void> => {
      if (move) await this.#bridge.invoke('generation:move-job', jobId, move);
      else if (action === 'pause') await this.#bridge.invoke('generation:pause-job', jobId);
      else if (action === 'resume') await this.#bridge.invoke('generation:resume-job', jobId);
      else if (action === 'cancel') await this.#bridge.invoke('generation:cancel-job', jobId);
      else if (action === 'retry') await this.#bridge.invoke('generation:retry-job', jobId);
      else await this.#bridge.invoke('generation:remove-job', jobId);
      if (move || action === 'retry' || action === 'remove') await this.refresh();
      // A moved job stays in view at its new place (focus stays on the button pressed).
      if (move) this.#list.scrollToIndex(this.#list.indexOf(jobId));
    };
    work().catch((failure: unknown) => this.#toasts.error(toCallError(failure)));
  }

  #bulkButton(id: string, label: string, iconName: IconName, work: () => Promise<unknown>): HTMLButtonElement {
    const button = h('button', { class: 'text-button', attrs: { type: 'button', id: `queue-${id}` } }, [icon(iconName), label]);
    button.addEventListener('click', () => {
      work().catch((failure: unknown) => this.#toasts.error(toCallError(failure)));
    });
    this.#bulk.set(id, button);
    return button;
  }

  /** Shows the bulk actions that apply; a focused one that goes away hands focus to the list. */
  #showBulk(visible: Record<string, boolean>): void {
    const focused = document.activeElement;
    for (const [id, button] of this.#bulk) button.hidden = !visible[id];
    if (focused instanceof HTMLButtonElement && focused.hidden && [...this.#bulk.values()].includes(focused)) this.focus();
  }
}
