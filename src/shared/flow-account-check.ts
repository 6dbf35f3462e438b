/**
 * What an account's hidden Flow page found when it opened flow.google.com: the shape the account layer
 * (sign-in, backend detection, keep-alive) and the Flow backend (which opens the page) share. No secret
 * here: an email address, a display name, or why not.
 */
export type FlowAccountCheck =
  /** The project grid, signed in; the account the page names (its Google Account label), when it names one. */
  | { readonly kind: 'signed-in'; readonly email: string | null; readonly name: string | null }
  /** `/about` or Google's sign-in / confirm-identity pages: only the user can sign in again. */
  | { readonly kind: 'signed-out' }
  /** Flow sent the account to labs.google: Google has not moved it to flow.google.com. */
  | { readonly kind: 'not-on-flow' }
  /** The page did not load, did not look as expected, or took too long: nothing is known. */
  | { readonly kind: 'unavailable'; readonly reason: string };
