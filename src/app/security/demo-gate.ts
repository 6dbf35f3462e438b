/**
 * Demo mode exists only in development builds (issue 15, row 1). This is the one part of it a production
 * build keeps: the refusal. A packaged app, or any production build, that is asked for demo mode exits
 * with one line instead of sending the user's Google traffic (and session) to a local listener. The demo
 * code itself (src/app/demo) is not in the production bundle: scripts/build.mjs drops it, and
 * `npm run package:smoke` checks that app.asar has none of it.
 */

/** The environment variables that ask for demo mode (read by src/app/demo/demo-mode.ts). */
export const DEMO_ENVIRONMENT_VARIABLES = ['IMAGEFX_EMULATOR', 'IMAGEFX_EMULATOR_CA'] as const;

export interface BuildFacts {
  /** `app.isPackaged`. */
  readonly packaged: boolean;
  /** The bundle was built for development (`IMAGEFX_DEVELOPMENT_BUILD`, set by scripts/build.mjs). */
  readonly developmentBuild: boolean;
}

/** True when `env` asks for demo mode at all (either variable set to something). */
export function demoRequested(env: Readonly<Record<string, string | undefined>>): boolean {
  return DEMO_ENVIRONMENT_VARIABLES.some((name) => (env[name]?.trim() ?? '') !== '');
}

/** The sentence to exit with when demo mode is asked of a build that may not have it; `null` otherwise. */
export function demoModeRefusal(env: Readonly<Record<string, string | undefined>>, build: BuildFacts): string | null {
  if (!demoRequested(env) || (build.developmentBuild && !build.packaged)) return null;
  return `demo mode (${DEMO_ENVIRONMENT_VARIABLES.join(', ')}) exists only in development builds, and this is ${build.packaged ? 'a packaged app' : 'a production build'}; unset those variables to start.`;
}
