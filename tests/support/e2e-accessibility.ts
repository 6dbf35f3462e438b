/**
 * Reads Chromium's accessibility tree (DevTools `Accessibility.getFullAXTree`) to find interactive
 * controls that assistive technology would announce without a name.
 */
import type { Page } from 'playwright-core';

const CONTROL_ROLES = new Set([
  'button', 'textbox', 'searchbox', 'combobox', 'checkbox', 'radio', 'tab', 'menuitem', 'spinbutton', 'link', 'switch', 'slider',
]);

interface AXNode {
  readonly ignored: boolean;
  readonly role?: { readonly value?: string };
  readonly name?: { readonly value?: string };
}

/** The roles of every visible control on the page that has no accessible name. */
export async function unnamedControls(page: Page): Promise<string[]> {
  const session = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await session.send('Accessibility.getFullAXTree')) as { nodes: AXNode[] };
    return nodes
      .filter((node) => !node.ignored && CONTROL_ROLES.has(node.role?.value ?? '') && (node.name?.value ?? '').trim() === '')
      .map((node) => node.role?.value ?? '?');
  } finally {
    await session.detach();
  }
}

/** How many named controls of each role the page exposes (to show the check looked at something). */
export async function namedControlCount(page: Page): Promise<number> {
  const session = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await session.send('Accessibility.getFullAXTree')) as { nodes: AXNode[] };
    return nodes.filter((node) => !node.ignored && CONTROL_ROLES.has(node.role?.value ?? '') && (node.name?.value ?? '').trim() !== '').length;
  } finally {
    await session.detach();
  }
}
