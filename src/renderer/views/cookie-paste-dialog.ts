/**
 * The last-resort sign-in: paste the `Cookie` header of a signed-in labs.google tab. Behind a secondary
 * link on the sign-in screen, because Google sometimes refuses embedded sign-in windows. The main process
 * validates the cookie with labs.google and stores it like any other session; the text never stays here.
 */
import type { Bridge } from '../bridge.ts';
import { toCallError } from '../bridge.ts';
import { h } from '../dom.ts';
import { presentError } from '../error-messages.ts';
import { ModalDialog } from './modal-dialog.ts';

export function openCookiePasteDialog(bridge: Bridge, onSignedIn: (email: string) => void): void {
  const dialog = new ModalDialog({ title: 'Sign in with a session cookie', className: 'dialog-medium' });
  const field = h('textarea', {
    class: 'input cookie-input',
    attrs: {
      id: 'cookie-header',
      rows: 5,
      spellcheck: 'false',
      autocomplete: 'off',
      placeholder: '__Secure-next-auth.session-token=…; __Host-next-auth.csrf-token=…',
    },
  });
  const error = h('p', { class: 'field-error', attrs: { role: 'alert' } });
  error.hidden = true;
  dialog.body.append(
    h('p', { text: 'Use this only if the Google window does not let you sign in.' }),
    h('ol', { class: 'steps compact' }, [
      h('li', { text: 'In your usual browser, sign in at labs.google/fx/tools/image-fx.' }),
      h('li', { text: 'Open the developer tools, Network tab, and select any request to labs.google.' }),
      h('li', { text: 'Copy the value of its “Cookie” request header and paste it below.' }),
    ]),
    h('label', { class: 'field-label', text: 'Cookie header', attrs: { for: 'cookie-header' } }),
    field,
    h('p', {
      class: 'hint',
      text: 'It must contain the __Secure-next-auth.session-token cookie. It is checked with labs.google, then stored encrypted like a normal sign-in. Treat it like a password.',
    }),
    error,
  );
  const cancel = h('button', { class: 'button', text: 'Cancel', attrs: { type: 'button' } });
  const submit = h('button', { class: 'button button-primary', text: 'Sign in', attrs: { type: 'button' } });
  cancel.addEventListener('click', () => dialog.close());
  const run = async (): Promise<void> => {
    const header = field.value.trim();
    if (header === '') {
      error.textContent = 'Paste the Cookie header first.';
      error.hidden = false;
      field.focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = 'Checking…';
    error.hidden = true;
    try {
      const account = await bridge.invoke('auth:import-cookie-header', header);
      field.value = '';
      dialog.close();
      onSignedIn(account.email);
    } catch (failure) {
      const { title, detail } = presentError(toCallError(failure));
      error.textContent = `${title}: ${detail}`;
      error.hidden = false;
      submit.disabled = false;
      submit.textContent = 'Sign in';
    }
  };
  submit.addEventListener('click', () => void run());
  dialog.footer.append(cancel, submit);
  dialog.open();
  field.focus();
}
