/**
 * Drives Flow's own editor the way a person does: open the project (creating one once through the grid's
 * "New project"), wait for the app, choose model, aspect ratio and image count in its settings pickers,
 * swap the reference chips, type the prompt, press Generate — and read the page's own `ogiZ0b` reply. The
 * page mints its own reCAPTCHA token on that click; the driver never calls, wraps or sees it.
 *
 * Every wait has a deadline on the injected clock and ends on cancellation. A control that is not there
 * within its deadline is a {@link FlowPageChangedError}; a signed-out landing is AUTH_REQUIRED. After any
 * failure or cancellation the page is reloaded before its next use, so an abandoned generation or a
 * half-open picker never leaks into the next job.
 */
import type { Clock } from '../../../core/index.ts';
import { CdpPage } from './cdp-page.ts';
import { FlowEditorControls } from './flow-editor-controls.ts';
import type { FlowPagePort } from './flow-page-port.ts';
import { FlowPageTrail } from './flow-page-trail.ts';
import { PageLifecycle } from './page-lifecycle.ts';
import { cancelledError, ImageServiceError } from '../image-service-error.ts';
import { abortablePort, pollFor, type WaitScope } from './page-waits.ts';
import { flowNotEnabled, FlowPageChangedError, flowSignedOut, flowUnreachable } from './site/flow-errors.ts';
import {
  FLOW_ACCOUNT_LABEL_SELECTOR, FLOW_CONTROLS, FLOW_READY_SELECTOR, flowGridUrl, flowProjectUrl, locateFlowUrl, readAccountLabel, type FlowLocation,
} from './site/flow-site.ts';

/** How long each kind of wait may take. */
export interface FlowTimeouts {
  /** A page load until the readiness anchor shows. */
  readonly pageLoadMs: number;
  /** A control to appear (or a picker to close) after the page is up. */
  readonly controlMs: number;
  /** A press of Generate (or a file chosen) until the page sends its request. */
  readonly requestSentMs: number;
  /** Flow holds `ogiZ0b` open ~20 s (GF-wire); this is the most the app waits for its answer. */
  readonly generateReplyMs: number;
  readonly uploadReplyMs: number;
  /** Between two looks at the page. */
  readonly pollIntervalMs: number;
}

export const DEFAULT_FLOW_TIMEOUTS: FlowTimeouts = {
  pageLoadMs: 45_000,
  controlMs: 10_000,
  requestSentMs: 30_000,
  generateReplyMs: 180_000,
  uploadReplyMs: 60_000,
  pollIntervalMs: 250,
};

export class FlowPageDriver {
  readonly port: FlowPagePort;
  readonly trail: FlowPageTrail;
  readonly #clock: Clock;
  readonly #timeouts: FlowTimeouts;
  readonly #lifecycle: PageLifecycle;
  readonly #stopTrail: () => void;
  /** Set after a failure or cancellation: the next job reloads the page first. */
  #dirty = false;

  private constructor(port: FlowPagePort, clock: Clock, timeouts: FlowTimeouts, lifecycle: PageLifecycle, trail: FlowPageTrail) {
    this.port = port;
    this.#clock = clock;
    this.#timeouts = timeouts;
    this.#lifecycle = lifecycle;
    this.trail = trail;
    this.#stopTrail = trail.follow(port);
  }

  /**
   * Starts driving `port`: enables the Page and Network domains (events only; nothing runs in the page).
   * A page that does not answer within `controlMs` is FLOW_PAGE_UNRESPONSIVE; `signal` cancels.
   */
  static async attach(port: FlowPagePort, clock: Clock, timeouts: FlowTimeouts, signal: AbortSignal | undefined): Promise<FlowPageDriver> {
    const expired = new AbortController();
    const cancelTimer = clock.setTimer(() => expired.abort(), timeouts.controlMs);
    const guarded = abortablePort(port, AbortSignal.any([expired.signal, ...(signal ? [signal] : [])]));
    try {
      await guarded.send('Page.enable');
      await guarded.send('Network.enable');
      const lifecycle = await PageLifecycle.follow(guarded, new CdpPage(guarded));
      return new FlowPageDriver(port, clock, timeouts, lifecycle, new FlowPageTrail(clock));
    } catch {
      if (signal?.aborted) throw cancelledError();
      throw new ImageServiceError('SERVICE_ERROR', 'The hidden Flow page did not answer. Try again.', { reason: 'FLOW_PAGE_UNRESPONSIVE' });
    } finally {
      cancelTimer();
    }
  }

  /** True once the page has closed or crashed: attach to a new one. */
  get isGone(): boolean {
    return this.#lifecycle.gone.aborted;
  }

  /** The editor's controls, for one job's steps. */
  controls(signal: AbortSignal | undefined): FlowEditorControls {
    const port = this.#jobPort(signal);
    return new FlowEditorControls(new CdpPage(port), port, this.#scope(signal), this.#timeouts, this.trail);
  }

  /** The port for one job: every command also ends when the job is cancelled or the page goes away. */
  #jobPort(signal: AbortSignal | undefined): FlowPagePort {
    return abortablePort(this.port, AbortSignal.any([this.#lifecycle.gone, ...(signal ? [signal] : [])]));
  }

  /** The main frame's URL as the page last reported it. */
  currentUrl(): string {
    return this.#lifecycle.url;
  }

  /** Reload before the next use (after a failure or a cancellation). */
  markDirty(): void {
    this.#dirty = true;
  }

  /** Stops following the page (it stays open: the provider owns it). */
  detach(): void {
    this.#stopTrail();
    this.#lifecycle.stop();
  }

  #scope(signal: AbortSignal | undefined): WaitScope {
    return { clock: this.#clock, intervalMs: this.#timeouts.pollIntervalMs, signal, gone: this.#lifecycle.gone };
  }

  /**
   * Opens the editor of `remembered` (reusing the page when it is already there, clean), or — when there is
   * none, or it no longer opens (deleted) — creates a project through the grid's "New project" once.
   * Resolves with the project id the editor shows.
   */
  async openEditor(remembered: string | null, signal: AbortSignal | undefined): Promise<string> {
    const scope = this.#scope(signal);
    const page = new CdpPage(this.#jobPort(signal));
    if (remembered !== null && (await this.#openProject(remembered, scope, page))) return remembered;
    this.trail.step('create a project');
    const location = await this.#load(flowGridUrl(), scope, page);
    if (location.kind !== 'grid') throw new FlowPageChangedError('the project grid did not open');
    const button = await pollFor(scope, this.#timeouts.controlMs, () => page.find(FLOW_CONTROLS.newProject));
    if (!button) throw new FlowPageChangedError('no "New project" button on the project grid');
    await page.click(button.backendNodeId).catch(() => {
      throw new FlowPageChangedError('the "New project" button could not be clicked');
    });
    const opened = await pollFor(scope, this.#timeouts.pageLoadMs, async () => {
      const where = locateFlowUrl(this.#lifecycle.url);
      return where.kind === 'editor' && !this.#lifecycle.loading ? where : null;
    });
    if (!opened) throw new FlowPageChangedError('"New project" did not open a project editor');
    await this.#waitForApp(scope, page);
    if (!(await this.#hasPromptBox(scope, page))) throw new FlowPageChangedError('the editor has no prompt box (textbox "Prompt")');
    this.#dirty = false;
    return opened.projectId;
  }

  /**
   * Loads the project grid, as a person opening flow.google.com would (a fresh page load: Google may
   * rotate the account's cookies on it), and reads which account Google's bar names. Throws like a job's
   * page load: AUTH_REQUIRED when signed out, FLOW_NOT_ENABLED when sent to labs.google, PAGE_CHANGED, …
   */
  async openGrid(signal: AbortSignal | undefined): Promise<{ readonly email: string | null; readonly name: string | null }> {
    const scope = this.#scope(signal);
    const page = new CdpPage(this.#jobPort(signal));
    this.trail.step('open the grid');
    const location = await this.#load(flowGridUrl(), scope, page);
    if (location.kind !== 'grid') throw new FlowPageChangedError('the project grid did not open');
    const chip = await page.select(FLOW_ACCOUNT_LABEL_SELECTOR);
    return readAccountLabel(chip === null ? null : await page.attribute(chip, 'aria-label'));
  }

  /** True when the project's editor is up with its prompt box; false when the project does not open. */
  async #openProject(projectId: string, scope: WaitScope, page: CdpPage): Promise<boolean> {
    const here = locateFlowUrl(this.#lifecycle.url);
    const reusable = !this.#dirty && !this.#lifecycle.loading && here.kind === 'editor' && here.projectId === projectId;
    this.trail.step(reusable ? 'reuse the open editor' : 'open the editor');
    const location = reusable ? here : await this.#load(flowProjectUrl(projectId), scope, page);
    if (location.kind !== 'editor' || location.projectId !== projectId) return false;
    if (!(await this.#hasPromptBox(scope, page))) return false; // e.g. Flow's "project not found" page
    this.#dirty = false;
    return true;
  }

  async #hasPromptBox(scope: WaitScope, page: CdpPage): Promise<boolean> {
    return (await pollFor(scope, this.#timeouts.controlMs, () => page.find(FLOW_CONTROLS.prompt))) !== null;
  }

  /** Navigates and waits for the app to be up; resolves with where it landed. */
  async #load(url: string, scope: WaitScope, page: CdpPage): Promise<FlowLocation> {
    this.#lifecycle.navigate(this.port, url);
    return this.#waitForApp(scope, page);
  }

  /** Waits for the readiness anchor of a loaded Flow page; a signed-out or non-Flow landing fails at once. */
  async #waitForApp(scope: WaitScope, page: CdpPage): Promise<FlowLocation> {
    const ready = await pollFor(scope, this.#timeouts.pageLoadMs, async () => {
      const location = locateFlowUrl(this.#lifecycle.url);
      if (location.kind === 'signed-out') throw flowSignedOut();
      if (location.kind === 'not-on-flow') throw flowNotEnabled();
      // Sent to labs.google, a hop the app's navigation policy does not follow: the load failed there.
      if (this.#lifecycle.failed && locateFlowUrl(this.#lifecycle.requestedUrl).kind === 'not-on-flow') throw flowNotEnabled();
      if (this.#lifecycle.loading || (location.kind !== 'grid' && location.kind !== 'editor')) return null;
      const anchor = await page.select(FLOW_READY_SELECTOR);
      return anchor !== null && (await page.centre(anchor)) !== null ? location : null;
    });
    if (ready) return ready;
    const location = locateFlowUrl(this.#lifecycle.url);
    if (location.kind === 'blank' || this.#lifecycle.failed) throw flowUnreachable();
    throw new FlowPageChangedError(`the readiness anchor (${FLOW_READY_SELECTOR}) never appeared`, 'FLOW_NOT_READY');
  }
}
