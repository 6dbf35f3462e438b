/**
 * A tiny element builder, so views stay declarative without a framework. Everything goes through DOM
 * properties and `textContent`, never `innerHTML`: text from the main process (prompts, names, error
 * messages) can never become markup, and nothing needs a CSP exception.
 */

type Child = Node | string | null | undefined | false;

/** Attributes and properties for {@link h}. `on*` functions become listeners; `class` takes a list. */
export interface ElementProps {
  readonly class?: string | readonly (string | false | null | undefined)[];
  readonly text?: string;
  readonly attrs?: Readonly<Record<string, string | number | boolean | null | undefined>>;
  readonly dataset?: Readonly<Record<string, string>>;
  readonly on?: { readonly [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };
}

/** Creates `<tag>` with `props` and `children`. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: ElementProps = {}, children: readonly Child[] = []): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props.class !== undefined) {
    const classes = typeof props.class === 'string' ? [props.class] : props.class;
    for (const entry of classes) if (entry) element.classList.add(...entry.split(/\s+/).filter(Boolean));
  }
  if (props.text !== undefined) element.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) setAttribute(element, name, value);
  for (const [name, value] of Object.entries(props.dataset ?? {})) element.dataset[name] = value;
  for (const [type, listener] of Object.entries(props.on ?? {})) {
    if (listener) element.addEventListener(type, listener as EventListener);
  }
  append(element, children);
  return element;
}

/** Sets (or, for `false`/`null`/`undefined`, removes) one attribute; `true` sets it empty. */
export function setAttribute(element: Element, name: string, value: string | number | boolean | null | undefined): void {
  if (value === false || value === null || value === undefined) element.removeAttribute(name);
  else element.setAttribute(name, value === true ? '' : String(value));
}

/** Appends children, skipping the empty ones. */
export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** Replaces every child of `parent`. */
export function replaceChildren(parent: Element, children: readonly Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** Toggles `hidden` (the stylesheet keeps `[hidden]` hidden even for flex and grid containers). */
export function show(element: HTMLElement, visible: boolean): void {
  element.hidden = !visible;
}

/**
 * Runs `work` (which may move or replace children of `scope`) without losing keyboard focus: an element
 * that had focus and is still in the page gets it back (moving an element blurs it); if it was removed,
 * focus goes to `fallback()` when given. Focus never moves when it was outside `scope`, nor when `work`
 * itself put it somewhere inside `scope`.
 */
export function keepFocus(scope: Element, work: () => void, fallback?: () => HTMLElement | null): void {
  const active = document.activeElement;
  const inside = active instanceof HTMLElement && scope.contains(active) ? active : null;
  work();
  // Nothing to do when focus was elsewhere, or `work` kept (or placed) it inside `scope`.
  if (!inside || (document.activeElement !== null && document.activeElement !== document.body && scope.contains(document.activeElement))) return;
  if (inside.isConnected) inside.focus({ preventScroll: true });
  else fallback?.()?.focus({ preventScroll: true });
}
