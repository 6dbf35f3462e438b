/**
 * Electron's `Event` as handlers receive it: a plain object with `preventDefault()` and a
 * `defaultPrevented` flag, plus whatever parameters the event carries.
 */
import type * as Electron from 'electron';

/** Creates an `Electron.Event` carrying `params`, whose `defaultPrevented` flips when a handler prevents it. */
export function createPreventableEvent<Params extends object = object>(params?: Params): Electron.Event<Params> {
  let prevented = false;
  const event = {
    ...params,
    preventDefault: (): void => {
      prevented = true;
    },
    get defaultPrevented(): boolean {
      return prevented;
    },
  };
  return event as Electron.Event<Params>;
}

/**
 * The origin Chromium reports for a URL. Node's `URL#origin` says `null` for custom schemes, but Chromium
 * gives a registered standard scheme (such as the app's `app://imagefx`) a real `scheme://host` origin.
 */
export function chromiumOrigin(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'null';
  }
  if (parsed.protocol === 'file:') return 'file://';
  if (parsed.origin !== 'null') return parsed.origin;
  return parsed.host ? `${parsed.protocol}//${parsed.host}` : 'null';
}
