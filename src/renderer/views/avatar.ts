/**
 * An account's avatar. Google's profile pictures live on other origins, which the page's CSP (images
 * only from the app and the gallery scheme) does not load, so the avatar is the account's initials on a
 * colour derived from its email — the same fallback Google shows when a profile has no picture.
 */
import type { AccountSummary } from '../../shared/auth-schemas.ts';
import { h } from '../dom.ts';
import { hueFor, initials } from '../format.ts';

export function avatar(account: Pick<AccountSummary, 'name' | 'email'>, size: 'small' | 'large' = 'small'): HTMLElement {
  const element = h('span', { class: ['avatar', `avatar-${size}`], text: initials(account.name, account.email), attrs: { 'aria-hidden': 'true' } });
  element.style.setProperty('--avatar-hue', String(hueFor(account.email)));
  return element;
}
