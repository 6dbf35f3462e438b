/**
 * The URLs the emulator serves, by name. Tests use the names to aim faults and to query the request log.
 */

import { FLOW_BATCHEXECUTE_PATH, FLOW_RPC } from './flow-catalog.ts';

/**
 * A host + path (no query string); a path ending in `*` matches every path with that prefix. With `rpcid`
 * it names one RPC inside a batchexecute call (faults aimed there are applied by the batchexecute route).
 */
export interface EndpointMatch {
  readonly host: string;
  readonly path: string;
  readonly rpcid?: string;
}

/** True when `path` is what `pattern` names (exactly, or by prefix when the pattern ends in `*`). */
export function pathMatches(pattern: string, path: string): boolean {
  return pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : path === pattern;
}

/** The labs.google sign-in URL: GET it to start (or silently repeat) a Google sign-in. */
export const SIGN_IN_URL = 'https://labs.google/fx/api/auth/signin/google';
/** Where a finished sign-in lands. */
export const IMAGE_FX_URL = 'https://labs.google/fx/tools/image-fx';
/** The OAuth redirect URI labs.google registers with Google. */
export const AUTH_CALLBACK_URL = 'https://labs.google/fx/api/auth/callback/google';

/** flow.google.com's project grid. */
export const FLOW_URL = 'https://flow.google.com/';
/** flow.google.com's public landing page, where a browser without a usable Flow session ends up. */
export const FLOW_ABOUT_URL = 'https://flow.google.com/about';
/** Where a Flow sign-in starts and ends (`pli=1`): signed out it goes to accounts.google.com, signed in it is the grid. */
export const FLOW_SIGN_IN_URL = 'https://flow.google.com/?pli=1';
/** The classic (labs.google) Flow page, where flow.google.com sends accounts that were not migrated. */
export const LABS_FLOW_URL = 'https://labs.google/fx/tools/flow';

const FLOW_BATCH = { host: 'flow.google.com', path: FLOW_BATCHEXECUTE_PATH } as const;

/** Named endpoints of the emulated services. */
export const EMULATOR_ENDPOINTS = {
  signIn: { host: 'labs.google', path: '/fx/api/auth/signin/google' },
  authCallback: { host: 'labs.google', path: '/fx/api/auth/callback/google' },
  session: { host: 'labs.google', path: '/fx/api/auth/session' },
  signOut: { host: 'labs.google', path: '/fx/api/auth/signout' },
  imageFxPage: { host: 'labs.google', path: '/fx/tools/image-fx' },
  fetchMedia: { host: 'labs.google', path: '/fx/api/trpc/media.fetchMedia' },
  captionImage: { host: 'labs.google', path: '/fx/api/trpc/backbone.captionImage' },
  runImageFx: { host: 'aisandbox-pa.googleapis.com', path: '/v1:runImageFx' },
  authorize: { host: 'accounts.google.com', path: '/o/oauth2/v2/auth' },
  identifierPage: { host: 'accounts.google.com', path: '/v3/signin/identifier' },
  passwordChallenge: { host: 'accounts.google.com', path: '/v3/signin/challenge/pwd' },
  secondStepChallenge: { host: 'accounts.google.com', path: '/v3/signin/challenge/totp' },
  checkCookie: { host: 'accounts.google.com', path: '/CheckCookie' },
  serviceLogin: { host: 'accounts.google.com', path: '/ServiceLogin' },
  confirmIdentifier: { host: 'accounts.google.com', path: '/v3/signin/confirmidentifier' },
  labsFlowPage: { host: 'labs.google', path: '/fx/tools/flow' },
  flowGrid: { host: 'flow.google.com', path: '/' },
  flowAbout: { host: 'flow.google.com', path: '/about' },
  flowEditorPage: { host: 'flow.google.com', path: '/project/*' },
  flowSetOsid: { host: 'flow.google.com', path: '/accounts/SetOSID' },
  flowBatchExecute: FLOW_BATCH,
  flowCreateProject: { ...FLOW_BATCH, rpcid: FLOW_RPC.createProject },
  flowGenerate: { ...FLOW_BATCH, rpcid: FLOW_RPC.generateImages },
  flowUpload: { ...FLOW_BATCH, rpcid: FLOW_RPC.uploadImage },
  flowGetMedia: { ...FLOW_BATCH, rpcid: FLOW_RPC.getMedia },
  flowUpscale: { ...FLOW_BATCH, rpcid: FLOW_RPC.upscaleImage },
  flowImage: { host: 'flow-content.google', path: '/image/*' },
  recaptchaScript: { host: 'www.google.com', path: '/recaptcha/enterprise.js' },
  recaptchaReload: { host: 'www.google.com', path: '/recaptcha/enterprise/reload' },
} as const satisfies Record<string, EndpointMatch>;

/** The name of one of {@link EMULATOR_ENDPOINTS}. */
export type EndpointName = keyof typeof EMULATOR_ENDPOINTS;

/** Resolves a name or an explicit host + path to a match. */
export function endpointMatch(target: EndpointName | EndpointMatch): EndpointMatch {
  return typeof target === 'string' ? EMULATOR_ENDPOINTS[target] : target;
}
