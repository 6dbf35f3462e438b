/**
 * The URLs the emulator serves, by name. Tests use the names to aim faults and to query the request log.
 */

/** A host + exact path (no query string). */
export interface EndpointMatch {
  readonly host: string;
  readonly path: string;
}

/** The labs.google sign-in URL: GET it to start (or silently repeat) a Google sign-in. */
export const SIGN_IN_URL = 'https://labs.google/fx/api/auth/signin/google';
/** Where a finished sign-in lands. */
export const IMAGE_FX_URL = 'https://labs.google/fx/tools/image-fx';
/** The OAuth redirect URI labs.google registers with Google. */
export const AUTH_CALLBACK_URL = 'https://labs.google/fx/api/auth/callback/google';

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
} as const satisfies Record<string, EndpointMatch>;

/** The name of one of {@link EMULATOR_ENDPOINTS}. */
export type EndpointName = keyof typeof EMULATOR_ENDPOINTS;

/** Resolves a name or an explicit host + path to a match. */
export function endpointMatch(target: EndpointName | EndpointMatch): EndpointMatch {
  return typeof target === 'string' ? EMULATOR_ENDPOINTS[target] : target;
}
