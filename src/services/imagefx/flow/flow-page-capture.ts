/**
 * The redacted diagnostic capture kept when the Flow page no longer looks as the app expects: an outline of
 * the page (each element's tag, role, aria-label and class — no text, no values, no links, no other
 * attributes), where it was (origin and path only), what was missing, and the trail of steps, navigations
 * and RPC statuses. Attribute values that contain anything the caller names as private (the prompt) are
 * replaced, e-mail addresses are masked, and the outline is capped, so a capture can be exported and
 * shared without handing over cookies, tokens, prompts or the account.
 */
import { z } from 'zod';
import type { FlowPagePort } from './flow-page-port.ts';
import type { FlowPageTrailSnapshot } from './flow-page-trail.ts';

/** One element of the outline. */
export interface OutlineNode {
  readonly tag: string;
  readonly role?: string;
  readonly label?: string;
  readonly class?: string;
  readonly children?: readonly OutlineNode[];
}

/** What is kept about a page change. */
export interface FlowPageCapture {
  readonly kind: 'flow-page-changed';
  /** Epoch milliseconds. */
  readonly capturedAt: number;
  /** What the app looked for and did not find (a fixed phrase naming a control or a reply). */
  readonly missing: string;
  readonly reason: string | null;
  readonly location: string;
  readonly trail: FlowPageTrailSnapshot;
  /** `null` when the page could not be read at all. */
  readonly outline: OutlineNode | null;
  readonly truncated: boolean;
}

const MAX_NODES = 4000;
const MAX_DEPTH = 64;
const MAX_VALUE = 200;
const KEPT_ATTRIBUTES: Readonly<Record<string, 'role' | 'label' | 'class'>> = { role: 'role', 'aria-label': 'label', class: 'class' };
const EMAIL = /[^\s@]+@[^\s@]+\.[^\s@]+/g;

interface DomNode {
  nodeType: number;
  nodeName: string;
  attributes?: string[] | undefined;
  children?: DomNode[] | undefined;
  contentDocument?: DomNode | undefined;
  shadowRoots?: DomNode[] | undefined;
}
const domNode: z.ZodType<DomNode> = z.lazy(() =>
  z.object({
    nodeType: z.number(),
    nodeName: z.string(),
    attributes: z.array(z.string()).optional(),
    children: z.array(domNode).optional(),
    contentDocument: domNode.optional(),
    shadowRoots: z.array(domNode).optional(),
  }),
);
const documentResult = z.object({ root: domNode });

/** Masks what must not leave the machine in an attribute value. */
export function redactValue(value: string, secrets: readonly string[]): string {
  if (secrets.some((secret) => secret.length >= 4 && value.includes(secret))) return '[redacted]';
  const masked = value.replace(EMAIL, '[email]');
  return masked.length > MAX_VALUE ? `${masked.slice(0, MAX_VALUE)}…` : masked;
}

/** The outline of a DOM tree; `budget.nodes` counts down so the whole capture stays small. */
function outline(node: DomNode, secrets: readonly string[], budget: { nodes: number; truncated: boolean }, depth: number): OutlineNode | null {
  if (budget.nodes <= 0 || depth > MAX_DEPTH) {
    budget.truncated = true;
    return null;
  }
  budget.nodes -= 1;
  const kept: { role?: string; label?: string; class?: string } = {};
  const attributes = node.attributes ?? [];
  for (let index = 0; index + 1 < attributes.length; index += 2) {
    const field = Object.hasOwn(KEPT_ATTRIBUTES, attributes[index]!) ? KEPT_ATTRIBUTES[attributes[index]!] : undefined;
    if (field) kept[field] = redactValue(attributes[index + 1]!, secrets);
  }
  const children = [...(node.shadowRoots ?? []), ...(node.contentDocument ? [node.contentDocument] : []), ...(node.children ?? [])]
    .filter((child) => child.nodeType === 1 || child.nodeType === 9 || child.nodeType === 11) // elements, documents, shadow roots: never text
    .map((child) => outline(child, secrets, budget, depth + 1))
    .filter((child): child is OutlineNode => child !== null);
  return { tag: node.nodeName.toLowerCase(), ...kept, ...(children.length > 0 ? { children } : {}) };
}

/** Reads the page's outline (`DOM.getDocument`, whole tree, shadow roots included); `null` if unreadable. */
export async function readPageOutline(port: FlowPagePort, secrets: readonly string[]): Promise<{ outline: OutlineNode | null; truncated: boolean }> {
  try {
    const { root } = documentResult.parse(await port.send('DOM.getDocument', { depth: -1, pierce: true }));
    const budget = { nodes: MAX_NODES, truncated: false };
    return { outline: outline(root, secrets, budget, 0), truncated: budget.truncated };
  } catch {
    return { outline: null, truncated: false };
  }
}
