/**
 * Short notices in the corner: errors (announced as alerts, kept until closed) and confirmations
 * (announced politely, gone after a few seconds).
 */
import { h } from '../dom.ts';
import { presentError } from '../error-messages.ts';
import { icon } from '../icons.ts';
import type { FailureInfo as IpcErrorShape } from '../../shared/failure-info.ts';

export interface ToastOptions {
  readonly kind: 'error' | 'success' | 'info';
  readonly title: string;
  readonly detail?: string;
}

const SUCCESS_TIMEOUT_MS = 4_000;
const MAX_TOASTS = 4;

export class Toasts {
  readonly element: HTMLElement;
  readonly #politeRegion: HTMLElement;
  readonly #alertRegion: HTMLElement;

  constructor() {
    this.#politeRegion = h('div', { class: 'toast-stack', attrs: { role: 'status', 'aria-live': 'polite' } });
    this.#alertRegion = h('div', { class: 'toast-stack', attrs: { role: 'alert', 'aria-live': 'assertive' } });
    this.element = h('div', { class: 'toasts' }, [this.#alertRegion, this.#politeRegion]);
  }

  show(options: ToastOptions): void {
    // A modal dialog makes everything outside it inert and draws above it: notices go inside the
    // topmost open dialog so they stay visible and can be dismissed (the dialog hands them back on close).
    const host = Array.from(document.querySelectorAll('dialog[open]')).at(-1) ?? document.body;
    if (this.element.parentElement !== host) host.appendChild(this.element);
    const region = options.kind === 'error' ? this.#alertRegion : this.#politeRegion;
    const close = h('button', { class: 'icon-button small', attrs: { type: 'button', 'aria-label': 'Dismiss' } }, [icon('close')]);
    const toast = h('div', { class: ['toast', `toast-${options.kind}`] }, [
      icon(options.kind === 'error' ? 'error' : options.kind === 'success' ? 'check' : 'info', 'icon toast-icon'),
      h('div', { class: 'toast-body' }, [
        h('strong', { class: 'toast-title', text: options.title }),
        options.detail ? h('p', { class: 'toast-detail', text: options.detail }) : null,
      ]),
      close,
    ]);
    close.addEventListener('click', () => toast.remove());
    region.prepend(toast);
    while (region.children.length > MAX_TOASTS) region.lastElementChild?.remove();
    if (options.kind !== 'error') setTimeout(() => toast.remove(), SUCCESS_TIMEOUT_MS);
  }

  /** Shows a failed call's clear message. */
  error(error: Pick<IpcErrorShape, 'code' | 'message' | 'reason' | 'retryAfterMs'>): void {
    const { title, detail } = presentError(error);
    this.show({ kind: 'error', title, detail });
  }
}
