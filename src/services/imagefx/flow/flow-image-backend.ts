/**
 * Google Flow as a backend: one account's hidden Flow page, driven as a person would use it
 * (flow-page-driver.ts), with Flow's error policy:
 *
 * - one generation in flight per account (jobs for the same account wait their turn here, too);
 * - `[8]` (overloaded): one cool-down on the injected clock, one more press of Generate, then give up;
 * - unusual activity, a model the plan lacks, the silent filter, a sign-out: never retried — each press
 *   of Generate makes the page mint a reCAPTCHA token, and pressing again into a refusal is what a bot does;
 * - a page that no longer looks as expected: PAGE_CHANGED, and a redacted capture kept in the diagnostics.
 *
 * Cancelling a job stops every wait at once; the page is left alone (a generation it already sent finishes
 * or not, unseen) and is reloaded before the account's next job.
 *
 * `checkAccount` opens the grid on the same page, in the same line as jobs: the sign-in's and the
 * keep-alive's question "does flow.google.com open for this account, and as whom?". Whenever the page shows
 * the account signed out (a job or a check), `onSignedOut` is told, so the account asks for a sign-in.
 */
import type { Clock } from '../../../core/index.ts';
import { AppError } from '../../../shared/app-error.ts';
import type { FlowAccountCheck } from '../../../shared/flow-account-check.ts';
import type { GeneratedImage } from '../../../shared/generation-schemas.ts';
import type { GenerationTask, ImageBackend } from '../image-backend.ts';
import { cancelledError, ImageServiceError, toFailureInfo } from '../image-service-error.ts';
import { writePrivateTempFile, type PrivateTempFile } from '../private-temp-file.ts';
import type { ReferenceImage } from '../reference-image-store.ts';
import type { RecoveryOptions } from '../request-recovery.ts';
import { FlowImageFetcher } from './flow-image-fetcher.ts';
import { readPageOutline, type FlowPageCapture } from './flow-page-capture.ts';
import { DEFAULT_FLOW_TIMEOUTS, FlowPageDriver, type FlowTimeouts } from './flow-page-driver.ts';
import { pageGoneError } from './page-waits.ts';
import type { FlowPageProvider } from './flow-page-port.ts';
import type { FlowProjectStore } from './flow-project-store.ts';
import { safeUrl } from './flow-page-trail.ts';
import { FlowPageChangedError, OVERLOADED_REASON, readGenerateReply } from './site/flow-errors.ts';
import { FLOW_CAPABILITIES, flowPickerChoices } from './site/flow-site.ts';

/** Where diagnostic captures go (the app's diagnostics folder). */
export interface DiagnosticsSink {
  record(kind: string, capture: unknown): Promise<void>;
}

export interface FlowImageBackendOptions {
  readonly accountId: string;
  readonly pages: FlowPageProvider;
  readonly projects: FlowProjectStore;
  readonly diagnostics: DiagnosticsSink;
  /** For the signed picture URLs (main process, no cookies). */
  readonly fetch: typeof fetch;
  readonly clock: Clock;
  readonly timeouts?: Partial<FlowTimeouts>;
  /** The wait before the one retry after `[8]`. Default 60 s. */
  readonly overloadCooldownMs?: number;
  /** The most one attempt may take, page load to last download, whatever hangs. Default 10 minutes. */
  readonly attemptTimeoutMs?: number;
  /** Where reference pictures are written for the page's file input (default: the OS temp directory). */
  readonly temporaryDirectory?: string;
  /** Told when the page shows the account signed out (`/about`, Google's sign-in or confirm-identity pages). */
  readonly onSignedOut?: () => void;
}

const FILE_EXTENSIONS: Readonly<Record<ReferenceImage['mimeType'], string>> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };

export class FlowImageBackend implements ImageBackend {
  readonly capabilities = FLOW_CAPABILITIES;
  readonly #options: FlowImageBackendOptions;
  readonly #timeouts: FlowTimeouts;
  readonly #fetcher: FlowImageFetcher;
  #driver: FlowPageDriver | null = null;
  /** The job before this one: jobs of one account run one after another. */
  #tail: Promise<unknown> = Promise.resolve();

  constructor(options: FlowImageBackendOptions) {
    this.#options = options;
    this.#timeouts = { ...DEFAULT_FLOW_TIMEOUTS, ...options.timeouts };
    this.#fetcher = new FlowImageFetcher({ fetch: options.fetch, clock: options.clock });
  }

  generate(task: GenerationTask, options: RecoveryOptions = {}): Promise<GeneratedImage[]> {
    return this.#inLine(() => this.#withPolicy(task, options));
  }

  /**
   * Opens flow.google.com's grid in the account's page (after the job in progress, if any) and says what it
   * found: signed in (as whom), signed out, not on Flow, or unavailable. Never throws; `signal` cancels.
   */
  checkAccount(signal?: AbortSignal): Promise<FlowAccountCheck> {
    return this.#inLine(() => this.#check(signal));
  }

  /** Jobs and checks of one account run one after another, on one page. */
  #inLine<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(work);
    this.#tail = run.catch(() => undefined);
    return run;
  }

  async #check(jobSignal: AbortSignal | undefined): Promise<FlowAccountCheck> {
    const expired = new AbortController();
    const cancelTimer = this.#options.clock.setTimer(() => expired.abort(), this.#options.attemptTimeoutMs ?? 10 * 60_000);
    const signal = AbortSignal.any([expired.signal, ...(jobSignal ? [jobSignal] : [])]);
    try {
      const driver = await this.#attach(signal);
      const account = await driver.openGrid(signal).catch((error: unknown) => {
        driver.markDirty();
        throw error;
      });
      return { kind: 'signed-in', ...account };
    } catch (error) {
      if (!(error instanceof ImageServiceError)) return { kind: 'unavailable', reason: this.#driver?.isGone ? 'FLOW_PAGE_CLOSED' : 'FLOW_PAGE_ERROR' };
      if (error.code === 'AUTH_REQUIRED') {
        this.#options.onSignedOut?.();
        return { kind: 'signed-out' };
      }
      if (error instanceof FlowPageChangedError && this.#driver) await this.#keepCapture(this.#driver, error, []);
      return error.reason === 'FLOW_NOT_ENABLED' ? { kind: 'not-on-flow' } : { kind: 'unavailable', reason: error.reason ?? error.code };
    } finally {
      cancelTimer();
    }
  }

  async #withPolicy(task: GenerationTask, { signal, onRetry }: RecoveryOptions): Promise<GeneratedImage[]> {
    for (let attempt = 1; ; attempt += 1) {
      if (signal?.aborted) throw cancelledError();
      try {
        return await this.#generateOnce(task, signal);
      } catch (error) {
        if (signal?.aborted) throw cancelledError();
        const overloaded = error instanceof ImageServiceError && error.reason === OVERLOADED_REASON;
        if (!overloaded || attempt > 1) throw error;
        const delayMs = this.#options.overloadCooldownMs ?? 60_000;
        onRetry?.({ attempt: attempt + 1, delayMs, failure: toFailureInfo(error) });
        await this.#options.clock.sleep(delayMs, signal).catch(() => {
          throw cancelledError();
        });
      }
    }
  }

  /** One attempt, within the attempt deadline: a page that stops answering cannot hold the queue. */
  async #generateOnce(task: GenerationTask, jobSignal: AbortSignal | undefined): Promise<GeneratedImage[]> {
    const expired = new AbortController();
    const limitMs = this.#options.attemptTimeoutMs ?? 10 * 60_000;
    const cancelTimer = this.#options.clock.setTimer(() => expired.abort(), limitMs);
    const signal = AbortSignal.any([expired.signal, ...(jobSignal ? [jobSignal] : [])]);
    try {
      return await this.#attempt(task, signal);
    } catch (error) {
      if (jobSignal?.aborted) throw cancelledError();
      if (expired.signal.aborted) {
        throw new ImageServiceError('SERVICE_ERROR', `The Flow page did not finish within ${Math.round(limitMs / 60_000)} minutes. Try again.`, { reason: 'FLOW_TIMEOUT' });
      }
      throw error;
    } finally {
      cancelTimer();
    }
  }

  async #attempt(task: GenerationTask, signal: AbortSignal): Promise<GeneratedImage[]> {
    const { settings } = task;
    const driver = await this.#attach(signal);
    const controls = driver.controls(signal);
    try {
      const remembered = this.#options.projects.projectOf(this.#options.accountId);
      const projectId = await driver.openEditor(remembered, signal);
      if (projectId !== remembered) this.#options.projects.remember(this.#options.accountId, projectId);
      const files = await this.#stage(task.references);
      try {
        await controls.setReferences(files.map((file) => file.path));
      } finally {
        await Promise.all(files.map((file) => file.release()));
      }
      await controls.applySettings(flowPickerChoices(settings));
      await controls.enterPrompt(settings.prompt);
      const exchange = await controls.generate();
      const records = readGenerateReply(exchange.status, exchange.body, settings.model);
      return await this.#fetcher.fetchAll(records, settings, signal);
    } catch (error) {
      driver.markDirty();
      if (signal.aborted) throw cancelledError();
      if (error instanceof ImageServiceError && error.code === 'AUTH_REQUIRED') this.#options.onSignedOut?.();
      if (error instanceof FlowPageChangedError) await this.#keepCapture(driver, error, [settings.prompt]);
      if (error instanceof AppError) throw error;
      // A DevTools command that failed outside any wait: the page is gone or answered nonsense.
      throw driver.isGone ? pageGoneError() : new ImageServiceError('SERVICE_ERROR', 'The Flow page did not respond as expected. Try again.', { reason: 'FLOW_PAGE_ERROR' });
    }
  }

  /** The driver on the account's page, attaching anew when there is none or the last page went away. */
  async #attach(signal: AbortSignal): Promise<FlowPageDriver> {
    if (this.#driver && !this.#driver.isGone) return this.#driver;
    this.#driver?.detach();
    this.#driver = null;
    const port = await this.#options.pages.pageFor(this.#options.accountId);
    this.#driver = await FlowPageDriver.attach(port, this.#options.clock, this.#timeouts, signal);
    return this.#driver;
  }

  async #stage(references: readonly ReferenceImage[]): Promise<PrivateTempFile[]> {
    const files: PrivateTempFile[] = [];
    try {
      for (const [index, reference] of references.entries()) {
        files.push(
          await writePrivateTempFile({
            bytes: reference.bytes,
            fileName: `reference-${index + 1}.${FILE_EXTENSIONS[reference.mimeType]}`,
            prefix: 'imagefx-reference-',
            ...(this.#options.temporaryDirectory ? { directory: this.#options.temporaryDirectory } : {}),
          }),
        );
      }
      return files;
    } catch {
      await Promise.all(files.map((file) => file.release()));
      throw new ImageServiceError('STORAGE_UNAVAILABLE', 'Could not prepare the reference images for upload.', { reason: 'REFERENCE_STAGING_FAILED' });
    }
  }

  /** Keeps a redacted capture of the changed page; a failure to keep it never hides the job's own error. */
  async #keepCapture(driver: FlowPageDriver, error: FlowPageChangedError, secrets: readonly string[]): Promise<void> {
    try {
      const { outline, truncated } = await readPageOutline(driver.port, secrets);
      const capture: FlowPageCapture = {
        kind: 'flow-page-changed',
        capturedAt: this.#options.clock.now(),
        missing: error.missing,
        reason: error.reason,
        location: safeUrl(driver.currentUrl()),
        trail: driver.trail.snapshot(),
        outline,
        truncated,
      };
      await this.#options.diagnostics.record(capture.kind, capture);
    } catch {
      // The diagnostics folder is a courtesy; the job still fails with PAGE_CHANGED.
    }
  }
}
