/**
 * Everything the app knows about Flow's web page (flow.google.com, late 2026; /work/shared/FLOW-NOTES.md):
 * its hosts and routes, where a signed-out visit lands, the readiness anchor, the controls a person uses
 * (found by role and accessible name, never by Google's obfuscated classes), the picker labels of each
 * model and aspect ratio, and the RPC ids the page sends. With flow-wire.ts (reply framing and payloads)
 * and flow-replies.ts (what each answer means) this folder is the one place a Google change lands; its
 * contract test runs on recorded fixtures (tests/services/imagefx/flow/fixtures).
 */
import type { BackendCapabilities } from '../../../../shared/backend-schemas.ts';
import { IMAGE_BACKEND_NAMES, IMAGE_MODEL_NAMES, MAX_REFERENCE_IMAGES, type AspectRatio, type ImageModel } from '../../../../shared/generation-options.ts';

export const FLOW_HOST = 'flow.google.com';
/** Signed JPEG URLs: `https://flow-content.google/image/<mediaId>?Expires=…&KeyName=…&Signature=…`. */
export const FLOW_CONTENT_HOST = 'flow-content.google';
/** Where a lapsed session is sent to sign in again or confirm identity. */
export const GOOGLE_ACCOUNTS_HOST = 'accounts.google.com';
/** The hosts the hidden Flow page may navigate to (its navigation policy); everything else is refused. */
export const FLOW_PAGE_HOSTS: readonly string[] = [FLOW_HOST, FLOW_CONTENT_HOST, GOOGLE_ACCOUNTS_HOST];

const FLOW_ORIGIN = `https://${FLOW_HOST}`;
/** The batchexecute endpoint every RPC of the page goes through. */
export const FLOW_BATCHEXECUTE_PATH = '/_/AiSandboxAngularFrontend/data/batchexecute';

/** The RPC ids the app reads replies of (matched against the request URL's `rpcids`). */
export const FLOW_RPC = { generate: 'ogiZ0b', upload: 'maseQ', createProject: 'jHPbke' } as const;

/** The project grid (no reCAPTCHA here; "New project" lives on it). */
export function flowGridUrl(): string {
  return `${FLOW_ORIGIN}/`;
}

/** A project's editor, where the page mints its reCAPTCHA tokens. */
export function flowProjectUrl(projectId: string): string {
  return `${FLOW_ORIGIN}/project/${encodeURIComponent(projectId)}`;
}

/** Where the page is, as far as the app's steps care. */
export type FlowLocation =
  | { readonly kind: 'editor'; readonly projectId: string }
  | { readonly kind: 'grid' }
  /** `/about`, or Google's sign-in / `confirmidentifier` pages: the account must sign in again. */
  | { readonly kind: 'signed-out' }
  /** labs.google: the account was not moved to flow.google.com (it belongs on the classic backend). */
  | { readonly kind: 'not-on-flow' }
  /** Nothing loaded yet, or the browser's own error page (offline). */
  | { readonly kind: 'blank' }
  | { readonly kind: 'elsewhere' };

/** Classifies the main frame's URL. */
export function locateFlowUrl(url: string): FlowLocation {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { kind: 'blank' };
  }
  if (parsed.protocol === 'about:' || parsed.protocol === 'chrome-error:' || parsed.protocol === 'data:') return { kind: 'blank' };
  if (parsed.hostname === GOOGLE_ACCOUNTS_HOST) return { kind: 'signed-out' };
  if (parsed.hostname === 'labs.google') return { kind: 'not-on-flow' };
  if (parsed.hostname !== FLOW_HOST) return { kind: 'elsewhere' };
  if (parsed.pathname === '/about' || parsed.pathname.startsWith('/about/')) return { kind: 'signed-out' };
  const project = /^\/project\/([^/]+)\/?$/.exec(parsed.pathname);
  if (project) return { kind: 'editor', projectId: decodeURIComponent(project[1]!) };
  return parsed.pathname === '/' ? { kind: 'grid' } : { kind: 'elsewhere' };
}

/** True for a batchexecute request that carries `rpcid`. */
export function isFlowRpcUrl(url: string, rpcid: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.hostname === FLOW_HOST && parsed.pathname === FLOW_BATCHEXECUTE_PATH && (parsed.searchParams.get('rpcids') ?? '').split(',').includes(rpcid);
  } catch {
    return false;
  }
}

/** True for a URL the app may fetch a generated picture from (https, Flow's content host, an image path). */
export function isFlowImageUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.hostname === FLOW_CONTENT_HOST && parsed.pathname.startsWith('/image/') && !parsed.username;
  } catch {
    return false;
  }
}

/** A control as assistive technology sees it: an ARIA role and, usually, an accessible name (matched exactly). */
export interface FlowControl {
  readonly role: string;
  readonly name?: string;
}

/** CSS selector of the readiness anchor: visible once Flow's app is up (grid and editor; GF-spike0905). */
export const FLOW_READY_SELECTOR = '.settings-trigger-button';
/**
 * Google's account chip in the page's bar, whose label names the signed-in account: "Google Account: <name>
 * (<email>)" on Google's pages, or the email alone. Read by attribute: it is Google's shared bar, not Flow's.
 */
export const FLOW_ACCOUNT_LABEL_SELECTOR = '[aria-label^="Google Account:"]';

const EMAIL = /[^\s()<>@]+@[^\s()<>@]+\.[^\s()<>@]+/;

/** The account an account chip's label names (either part `null` when the label does not say). */
export function readAccountLabel(label: string | null): { readonly email: string | null; readonly name: string | null } {
  if (label === null || !label.startsWith('Google Account:')) return { email: null, name: null };
  const text = label.slice('Google Account:'.length).trim();
  const email = EMAIL.exec(text)?.[0] ?? null;
  const name = text.replace(email ?? '', '').replace(/[()]/g, '').replace(/\s+/g, ' ').trim();
  return { email, name: name === '' ? null : name };
}

/** The editor's file input behind "Add reference image" (hidden, so found by selector rather than role). */
export const FLOW_FILE_INPUT_SELECTOR = 'input[type="file"][accept*="image"]';

/** The controls a person uses, by role and accessible name. */
export const FLOW_CONTROLS = {
  newProject: { role: 'button', name: 'New project' },
  settings: { role: 'button', name: 'Settings' },
  settingsDialog: { role: 'dialog', name: 'Generation settings' },
  prompt: { role: 'textbox', name: 'Prompt' },
  generate: { role: 'button', name: 'Generate' },
  referenceList: { role: 'list', name: 'Reference images' },
  referenceChip: { role: 'listitem' },
  removeReference: { role: 'button', name: 'Remove reference image' },
} as const satisfies Record<string, FlowControl>;

/** A settings picker: a combobox opening a listbox of the same name whose options carry the labels below. */
export const FLOW_PICKERS = { model: 'Model', aspect: 'Aspect ratio', count: 'Number of images' } as const;

/** Flow's image models: the wire id the app knows it by, and the option label in the page's model picker. */
export const FLOW_MODELS: readonly { readonly id: ImageModel; readonly picker: string }[] = [
  // The editor's default first: every plan may use it.
  { id: 'NARWHAL', picker: 'Nano Banana 2' },
  { id: 'GEM_PIX_2', picker: 'Nano Banana Pro' },
  { id: 'HARBOR_SEAL', picker: 'Nano Banana 2 Lite' },
];

/** Flow's aspect enum (`item[4]` 1..5) under the app's names (FB-batch's legacy map), with picker labels and JPEG sizes. */
export const FLOW_ASPECTS: readonly { readonly id: AspectRatio; readonly wire: number; readonly picker: string; readonly width: number; readonly height: number }[] = [
  { id: 'IMAGE_ASPECT_RATIO_SQUARE', wire: 1, picker: '1:1', width: 1024, height: 1024 },
  { id: 'IMAGE_ASPECT_RATIO_PORTRAIT', wire: 2, picker: '9:16', width: 768, height: 1376 },
  { id: 'IMAGE_ASPECT_RATIO_LANDSCAPE', wire: 3, picker: '16:9', width: 1376, height: 768 },
  { id: 'IMAGE_ASPECT_RATIO_PORTRAIT_THREE_FOUR', wire: 4, picker: '3:4', width: 896, height: 1200 },
  { id: 'IMAGE_ASPECT_RATIO_LANDSCAPE_FOUR_THREE', wire: 5, picker: '4:3', width: 1200, height: 896 },
];

/** The "Number of images" picker offers 1 to this. */
export const MAX_FLOW_IMAGES = 4;

/** What the Flow backend offers: the picker's models and aspects, 1–4 images, references, no fixed seed, no captions. */
export const FLOW_CAPABILITIES: BackendCapabilities = {
  backend: 'flow',
  label: IMAGE_BACKEND_NAMES.flow,
  models: FLOW_MODELS.map((model) => ({ id: model.id, name: IMAGE_MODEL_NAMES[model.id] })),
  aspectRatios: FLOW_ASPECTS.map((aspect) => ({ id: aspect.id, label: aspect.picker })),
  maxImages: MAX_FLOW_IMAGES,
  seed: false,
  maxReferenceImages: MAX_REFERENCE_IMAGES,
  captions: false,
};

/** The picker labels for a request (the request was checked against {@link FLOW_CAPABILITIES} first). */
export function flowPickerChoices(settings: { model: ImageModel; aspectRatio: AspectRatio; count: number }): Record<keyof typeof FLOW_PICKERS, string> {
  const model = FLOW_MODELS.find((candidate) => candidate.id === settings.model);
  const aspect = FLOW_ASPECTS.find((candidate) => candidate.id === settings.aspectRatio);
  if (!model || !aspect) throw new RangeError(`Flow has no picker option for ${settings.model} / ${settings.aspectRatio}`);
  return { model: model.picker, aspect: aspect.picker, count: String(settings.count) };
}
