/**
 * Modal dialogs on the native `<dialog>`: it traps focus, closes on Escape, marks the rest of the page
 * inert and returns focus to the opener, so every dialog is keyboard-usable without extra code.
 */
import { h } from '../dom.ts';
import { icon } from '../icons.ts';

export interface ModalDialogOptions {
  readonly title: string;
  readonly className?: string;
  /** Called once the dialog has closed (by a button, Escape or the close button). */
  readonly onClose?: () => void;
}

let dialogCount = 0;

export class ModalDialog {
  readonly element: HTMLDialogElement;
  readonly body: HTMLElement;
  readonly footer: HTMLElement;
  readonly heading: HTMLElement;

  constructor(options: ModalDialogOptions) {
    const headingId = `dialog-title-${(dialogCount += 1)}`;
    this.heading = h('h2', { class: 'dialog-title', text: options.title, attrs: { id: headingId } });
    const close = h('button', { class: 'icon-button', attrs: { type: 'button', 'aria-label': 'Close' } }, [icon('close')]);
    close.addEventListener('click', () => this.close());
    this.body = h('div', { class: 'dialog-body' });
    this.footer = h('div', { class: 'dialog-footer' });
    this.element = h('dialog', { class: ['dialog', options.className], attrs: { 'aria-labelledby': headingId } }, [
      h('div', { class: 'dialog-header' }, [this.heading, close]),
      this.body,
      this.footer,
    ]);
    this.element.addEventListener('close', () => {
      const toasts = this.element.querySelector(':scope > .toasts');
      if (toasts) (document.querySelector('dialog[open]') ?? document.body).appendChild(toasts);
      this.element.remove();
      options.onClose?.();
    });
    // A click on the backdrop (the dialog element itself, outside its content box) closes it.
    this.element.addEventListener('click', (event) => {
      if (event.target === this.element) this.close();
    });
  }

  open(): void {
    document.body.appendChild(this.element);
    this.element.showModal();
  }

  close(): void {
    if (this.element.open) this.element.close();
  }
}

/** Asks a yes/no question; resolves true when the user confirms. */
export function confirmAction(options: { title: string; message: string; confirmLabel: string; danger?: boolean }): Promise<boolean> {
  return new Promise((resolve) => {
    let confirmed = false;
    const dialog = new ModalDialog({ title: options.title, className: 'dialog-small', onClose: () => resolve(confirmed) });
    dialog.body.appendChild(h('p', { text: options.message }));
    const cancel = h('button', { class: 'button', text: 'Cancel', attrs: { type: 'button' } });
    const confirm = h('button', {
      class: ['button', options.danger ? 'button-danger' : 'button-primary'],
      text: options.confirmLabel,
      attrs: { type: 'button' },
    });
    cancel.addEventListener('click', () => dialog.close());
    confirm.addEventListener('click', () => {
      confirmed = true;
      dialog.close();
    });
    dialog.footer.append(cancel, confirm);
    dialog.open();
    // The safe choice has focus, so Enter right after the click does not delete anything.
    cancel.focus();
  });
}

/** One answer of {@link askChoice}. */
export interface DialogChoice<Value extends string> {
  readonly value: Value;
  readonly label: string;
  readonly variant?: 'primary' | 'danger';
}

/**
 * Asks a question with several answers (and Cancel); resolves with the chosen value, or `null` when the
 * dialog was cancelled or closed. Cancel has focus, so Enter right after the click changes nothing.
 */
export function askChoice<Value extends string>(options: {
  title: string;
  message: string;
  choices: readonly DialogChoice<Value>[];
}): Promise<Value | null> {
  return new Promise((resolve) => {
    let chosen: Value | null = null;
    const dialog = new ModalDialog({ title: options.title, className: 'dialog-small', onClose: () => resolve(chosen) });
    dialog.body.appendChild(h('p', { text: options.message }));
    const cancel = h('button', { class: 'button', text: 'Cancel', attrs: { type: 'button' } });
    cancel.addEventListener('click', () => dialog.close());
    const buttons = options.choices.map((choice) => {
      const button = h('button', {
        class: ['button', choice.variant === 'danger' ? 'button-danger' : choice.variant === 'primary' ? 'button-primary' : ''],
        text: choice.label,
        attrs: { type: 'button' },
      });
      button.addEventListener('click', () => {
        chosen = choice.value;
        dialog.close();
      });
      return button;
    });
    dialog.footer.append(cancel, ...buttons);
    dialog.open();
    cancel.focus();
  });
}
