/**
 * flow.google.com's HTML: the shared document shell (no inline script: page values travel in a JSON data
 * block that flow-boot.js turns into `window.WIZ_global_data`, so the strict CSP below applies), the public
 * `/about` landing, the project grid and the not-found page. The editor is in flow-editor-page.ts.
 */
import { FLOW_BUILD_LABEL } from './flow-catalog.ts';
import type { FlowProject } from './flow-store.ts';
import { escapeHtml } from './http-kit.ts';

/** The CSP every flow.google.com page carries: scripts only from the app and the reCAPTCHA path, Trusted Types on. */
export const FLOW_PAGE_CSP = [
  "script-src 'self' https://www.google.com/recaptcha/",
  "object-src 'none'",
  "base-uri 'none'",
  "require-trusted-types-for 'script'",
  "connect-src 'self' https://www.google.com/recaptcha/",
  "img-src 'self' https://flow-content.google data: blob:",
  "style-src 'self'",
  "frame-ancestors 'self'",
].join('; ');

/** The per-page-load values (`window.WIZ_global_data`). */
export interface WizGlobalData {
  /** `at` (CSRF token). */
  readonly SNlM0e: string;
  /** `f.sid`. */
  readonly FdrFJe: string;
  /** `bl` (build label). */
  readonly cfb2h: string;
}

/** Builds the WIZ values of one page load. */
export function wizGlobalData(load: { at: string; fsid: string }): WizGlobalData {
  return { SNlM0e: load.at, FdrFJe: load.fsid, cfb2h: FLOW_BUILD_LABEL };
}

/** The signed-in header of the app pages; `.settings-trigger-button` is the readiness anchor drivers wait for. */
export function appHeader(email: string, title: string): string {
  return `<header class="top-bar ZtYFpd" _ngcontent-ng-c1786="">
<a class="home-link" href="/" aria-label="Flow home">Flow</a>
<span class="page-title">${escapeHtml(title)}</span>
<button type="button" class="settings-trigger-button mdc-icon-button KbJpae" jsname="Wz3Ckb" aria-label="Settings" aria-haspopup="dialog" aria-expanded="false">⚙</button>
<span class="account-email gb_d" aria-label="Google Account: ${escapeHtml(email)}">${escapeHtml(email)}</span>
</header>`;
}

/** A whole document; `scripts` are loaded with `defer`, in order. */
export function flowDocument(options: { title: string; body: string; wiz?: WizGlobalData; scripts?: readonly string[] }): string {
  // `<` is escaped so the JSON can never close its <script> element.
  const data = options.wiz ? `<script type="application/json" id="wiz-global-data">${JSON.stringify(options.wiz).replace(/</g, '\\u003c')}</script>\n` : '';
  const scripts = (options.scripts ?? []).map((src) => `<script src="${escapeHtml(src)}" defer></script>`).join('\n');
  return `<!doctype html>
<html lang="en" dir="ltr"><head><meta charset="utf-8"><title>${escapeHtml(options.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/_/static/flow.css">
${data}${scripts}
</head>
<body><app-root ng-version="19.2.4" class="c-wiz" jscontroller="Flow">${options.body}</app-root></body></html>`;
}

/** The public landing page; its CTA starts a Flow sign-in on accounts.google.com (`button.cta-button`, GF-about). */
export function aboutPage(serviceLogin: string): string {
  const action = new URL(serviceLogin);
  const fields = [...action.searchParams]
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  return flowDocument({
    title: 'Google Flow',
    body: `<main class="about-page">
<h1>Flow</h1>
<p class="tagline">The AI creative studio from Google. Create images and videos from your ideas.</p>
<form class="cta-form" method="get" action="${escapeHtml(action.origin + action.pathname)}">${fields}
<button type="submit" class="cta-button">Create with Google Flow</button>
</form>
</main>`,
  });
}

/** The project grid (`/`): no reCAPTCHA here (GF-wire). */
export function gridPage(email: string, projects: readonly FlowProject[], wiz: WizGlobalData): string {
  const cards = projects
    .map((project) => `<li class="project-card"><a href="/project/${encodeURIComponent(project.id)}" data-project-id="${escapeHtml(project.id)}">${escapeHtml(project.title)}</a></li>`)
    .join('\n');
  return flowDocument({
    title: 'Flow',
    wiz,
    scripts: ['/_/static/flow-boot.js', '/_/static/flow-grid.js'],
    body: `${appHeader(email, 'Your projects')}
<main class="project-grid">
<button type="button" class="new-project-button VfPpkd-LgbsSe" jsname="N3wPrj" aria-label="New project">+ New project</button>
<p class="grid-error" role="alert" hidden></p>
<ul class="project-list" role="list" aria-label="Projects">
${cards}
</ul>
</main>`,
  });
}

/** A project id that does not exist or belongs to someone else. */
export function projectNotFoundPage(email: string): string {
  return flowDocument({
    title: 'Flow',
    body: `${appHeader(email, 'Project not found')}<main><h1 id="project-not-found">We couldn't find that project.</h1><a href="/">Back to your projects</a></main>`,
  });
}
