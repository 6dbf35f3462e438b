/**
 * One job in the Queue: its place in line (or its state), prompt, settings and wait, the status chip, and
 * the actions its state allows — move to the top / up / down, pause or resume, cancel, retry, remove.
 * Every button is made once and shown or hidden as the state changes, so focus on a button survives a
 * progress update; when the focused button goes away (a cancelled job has no Cancel), the row takes focus.
 */
import { h } from '../dom.ts';
import { describeWait } from '../error-messages.ts';
import { aspectRatioLabel, plural } from '../format.ts';
import { icon, type IconName } from '../icons.ts';
import { describeJob, isWaiting, RETRYABLE } from '../job-state.ts';
import type { QueueEntry } from '../queue-line.ts';
import type { VirtualRow } from './virtual-list.ts';

export type QueueAction = 'top' | 'up' | 'down' | 'pause' | 'resume' | 'cancel' | 'retry' | 'remove';

const ACTIONS: readonly { readonly action: QueueAction; readonly label: string; readonly icon: IconName }[] = [
  { action: 'top', label: 'Move to the top', icon: 'toTop' },
  { action: 'up', label: 'Move up', icon: 'arrowUp' },
  { action: 'down', label: 'Move down', icon: 'arrowDown' },
  { action: 'pause', label: 'Pause', icon: 'pause' },
  { action: 'resume', label: 'Resume', icon: 'play' },
  { action: 'retry', label: 'Retry', icon: 'retry' },
  { action: 'cancel', label: 'Cancel', icon: 'close' },
  { action: 'remove', label: 'Remove from the list', icon: 'delete' },
];

/** Which actions a job's state allows. */
export function actionsFor(entry: QueueEntry): Set<QueueAction> {
  const { status } = entry.job;
  const allowed = new Set<QueueAction>();
  if (isWaiting(entry.job)) for (const action of ['top', 'up', 'down', 'cancel', 'remove'] as const) allowed.add(action);
  if (status === 'queued') allowed.add('pause');
  if (status === 'paused') allowed.add('resume');
  if (status === 'running') allowed.add('cancel');
  if (RETRYABLE.includes(status)) allowed.add('retry');
  if (status === 'completed' || status === 'failed' || status === 'cancelled') allowed.add('remove');
  return allowed;
}

export class QueueRow implements VirtualRow<QueueEntry> {
  readonly element: HTMLElement;
  readonly #place = h('span', { class: 'queue-place', attrs: { 'aria-hidden': 'true' } });
  readonly #prompt = h('p', { class: 'queue-prompt', attrs: { dir: 'auto' } });
  readonly #meta = h('p', { class: 'queue-meta' });
  readonly #chip = h('span', { class: 'status-chip' });
  readonly #buttons = new Map<QueueAction, HTMLButtonElement>();

  constructor(run: (jobId: string, action: QueueAction) => void) {
    const actions = h('div', { class: 'queue-actions' });
    for (const { action, label, icon: iconName } of ACTIONS) {
      const button = h('button', { class: 'icon-button small', attrs: { type: 'button', 'aria-label': label, title: label }, dataset: { action } }, [icon(iconName)]);
      button.addEventListener('click', () => {
        const jobId = this.element.dataset.jobId;
        if (jobId) run(jobId, action);
      });
      this.#buttons.set(action, button);
      actions.appendChild(button);
    }
    this.element = h('div', { class: 'queue-row' }, [this.#place, h('div', { class: 'queue-text' }, [this.#prompt, this.#meta]), this.#chip, actions]);
  }

  update(entry: QueueEntry): void {
    const { job, position } = entry;
    const state = describeJob(job, Date.now());
    this.element.dataset.jobId = job.id;
    this.element.className = `queue-row vlist-row queue-${job.status}`;
    const place = position === null ? '' : `${position} in line`;
    this.element.setAttribute('aria-label', [job.request.prompt, state.label, place].filter(Boolean).join(', '));
    this.#place.textContent = position === null ? '' : `#${position}`;
    this.#prompt.textContent = job.request.prompt;
    this.#prompt.title = job.request.prompt;
    const seed = job.settings?.seed ?? job.request.seed;
    const wait = entry.waitMs === null ? '' : entry.waitMs <= 0 ? 'next' : `starts ${describeWait(entry.waitMs)}, roughly`;
    this.#meta.textContent = [plural(job.request.count, 'image'), aspectRatioLabel(job.request.aspectRatio), seed === null ? 'random seed' : `seed ${seed}`, state.detail, wait]
      .filter(Boolean)
      .join(' · ');
    this.#chip.className = `status-chip status-${state.tone}`;
    this.#chip.textContent = state.label;
    const allowed = actionsFor(entry);
    const focused = document.activeElement;
    for (const [action, button] of this.#buttons) button.hidden = !allowed.has(action);
    if (focused instanceof HTMLButtonElement && focused.hidden && this.element.contains(focused)) this.element.focus({ preventScroll: true });
  }
}
