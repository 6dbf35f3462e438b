/**
 * Runs generation jobs one at a time — one generation in flight, with a short jittered pause between two,
 * as a person would — and hands every image to the sink the moment it arrives, so a crash or a later
 * failure never loses what was already generated. Requests arrive parsed (the IPC registry); a batch is one
 * request per job.
 *
 * Accounts: a job belongs to the account that queued it and runs only while that account is the active,
 * signed-in one; a job never runs on another account's session.
 *
 * Every wait is on the job (`job.wait`): the pause between generations, a retry (or a rate limit) the
 * service is sitting out, the network or Google being gone, a sign-in. A job whose retries ran out for a
 * reason that heals on its own goes back in line and waits for the way to Google to return, then runs by
 * itself; "offline" (the computer) and "Google unreachable" (the computer is online) are told apart.
 *
 * Control: pause / resume / cancel per job and for all; move a waiting job; remove a job that is not
 * running; retry a failed or cancelled job (at the end of the line) or every failed one. A running job is
 * one request to Google: it cannot be paused halfway (cancel it instead). An account-wide failure pauses
 * instead of failing: a sign-in that ended pauses that account's jobs until `accountRestored(accountId)`;
 * quota and unusual activity hold the whole queue until `resumeAll()`.
 */
import type { Clock } from '../../core/index.ts';
import { AppError, AuthRequiredError } from '../../shared/app-error.ts';
import { MAX_JOB_PAGE, MAX_QUEUED_JOBS, type JobMove } from '../../shared/generation-options.ts';
import type { GenerateRequest, GenerationJob, GenerationJobEvent, JobPageRequest, JobWait, PauseReason, QueueSnapshot } from '../../shared/generation-schemas.ts';
import { imageInfo, type GeneratedImageSink } from './generated-image.ts';
import { pauseReasonFor } from './generation-job.ts';
import { GenerationJobLedger, type JobRecord } from './generation-job-ledger.ts';
import { DEFAULT_PACING, GenerationPacer, type PacingOptions } from './generation-pacing.ts';
import { ImageServiceError, toFailureInfo } from './image-service-error.ts';
import type { ImageGenerator } from './imagefx-service.ts';
import { AccountGate, ConnectivityGate, type GenerationAccounts } from './queue-gates.ts';
import type { ReachabilityMonitor } from './reachability.ts';
import type { RetryNotice } from './request-recovery.ts';

export interface GenerationQueueOptions {
  readonly generator: ImageGenerator;
  readonly sink: GeneratedImageSink;
  readonly clock: Clock;
  /** Uniform in [0, 1): the pacing jitter. */
  readonly random: () => number;
  readonly accounts: GenerationAccounts;
  readonly reachability: Pick<ReachabilityMonitor, 'isOnline' | 'check' | 'whenReachable'>;
  /** The pause between two generations. Default 2–5 s. */
  readonly pacing?: PacingOptions;
}

const SIGN_IN: JobWait = { reason: 'sign-in', until: null };

/** True for a failure that heals by itself (network, a hang, a web page, 5xx, a rate limit). */
function isTransient(error: unknown): boolean {
  return error instanceof ImageServiceError && error.retryable;
}

export class GenerationQueue {
  readonly #generator: ImageGenerator;
  readonly #sink: GeneratedImageSink;
  readonly #clock: Clock;
  readonly #accounts: AccountGate;
  readonly #connectivity: ConnectivityGate;
  readonly #pacer: GenerationPacer;
  readonly #ledger: GenerationJobLedger;
  readonly #idleWaiters: (() => void)[] = [];
  #running: JobRecord | null = null;
  #nextBatch = 1;
  /** Set while the whole queue holds (pauseAll, quota, unusual activity): new jobs wait too. */
  #hold: PauseReason | null = null;
  #cancelPaceTimer: (() => void) | null = null;
  #disposed = false;

  constructor(options: GenerationQueueOptions) {
    this.#generator = options.generator;
    this.#sink = options.sink;
    this.#clock = options.clock;
    this.#accounts = new AccountGate(options.accounts);
    this.#connectivity = new ConnectivityGate(options.reachability, () => this.#pump());
    this.#pacer = new GenerationPacer(options.pacing ?? DEFAULT_PACING, options.random);
    this.#ledger = new GenerationJobLedger(options.clock);
  }

  /** Subscribes to job progress; returns the unsubscribe function. */
  onDidChangeJob(listener: (event: GenerationJobEvent) => void): () => void {
    return this.#ledger.subscribe(listener);
  }

  /**
   * One page of the jobs still listed, in line order (as {@link listJobs}: moves and retries change it, so
   * it is not the order of the ids), and why the queue holds for the active account. The cursor is the
   * last job of the previous page and the page goes on from its place in the line. When that job left the
   * list meanwhile (removed, cleared) its place is gone, so the listing starts again from the front: a
   * reader may see a job twice (the later copy is the newer) but never misses one.
   */
  snapshot(request: JobPageRequest = { after: null, limit: MAX_JOB_PAGE }): QueueSnapshot {
    const line = this.listJobs();
    const from = request.after === null ? 0 : line.findIndex((job) => job.id === request.after) + 1;
    const jobs = line.slice(from, from + request.limit);
    const nextCursor = from + jobs.length < line.length ? jobs.at(-1)!.id : null;
    const active = this.#accounts.activeAccountId();
    const signInHold = active !== null && this.#accounts.isHeld(active) ? 'AUTH_REQUIRED' : null;
    return { jobs, holdReason: this.#hold ?? signInHold, nextCursor };
  }

  /** Queues one generation for the active account; `AUTH_REQUIRED` when none is active. */
  enqueue(request: GenerateRequest): GenerationJob {
    return this.#add([request], null)[0]!;
  }

  /** Queues one job per request, each with its own settings, sharing a batch id. */
  enqueueBatch(requests: readonly GenerateRequest[]): GenerationJob[] {
    return this.#add(requests, `batch-${this.#nextBatch++}`);
  }

  getJob(id: string): GenerationJob | undefined {
    return this.#ledger.get(id)?.job;
  }

  /** Every job still listed, in line order. */
  listJobs(): GenerationJob[] {
    return this.#ledger.all().map((record) => record.job);
  }

  /** Pauses a waiting job. Returns false when the job is not waiting (a running job cannot pause). */
  pause(id: string): boolean {
    const record = this.#ledger.get(id);
    if (record?.job.status === 'paused') return true;
    if (record?.job.status !== 'queued') return false;
    this.#ledger.pause(record, 'USER');
    this.#pump();
    return true;
  }

  /**
   * Puts a paused job back in line. Returns false when it was not paused. A job paused because its sign-in
   * ended runs again only once its account is signed in; until then it waits for that (visibly).
   */
  resume(id: string): boolean {
    const record = this.#ledger.get(id);
    if (record?.job.status !== 'paused') return false;
    this.#accounts.releaseIfSignedIn(record.job.accountId);
    this.#ledger.requeue(record);
    this.#pump();
    return true;
  }

  /** Cancels a job that has not finished. Returns false when it already finished (or is saving its images). */
  cancel(id: string): boolean {
    const record = this.#ledger.get(id);
    if (!record || record.saving) return false;
    const { status } = record.job;
    if (status === 'running') {
      record.controller?.abort();
      return true;
    }
    if (status !== 'queued' && status !== 'paused') return false;
    this.#ledger.finish(record, { status: 'cancelled' });
    this.#ledger.emit({ type: 'cancelled', job: record.job });
    this.#pump();
    return true;
  }

  /** Moves a waiting job up, down or to the front of the line. Returns false when the job is not waiting. */
  move(id: string, where: JobMove): boolean {
    const record = this.#ledger.get(id);
    return record !== undefined && this.#ledger.move(record, where);
  }

  /** Forgets a job that is not running (a waiting job never runs). Returns false when it runs or is unknown. */
  remove(id: string): boolean {
    const record = this.#ledger.get(id);
    if (!record || record.job.status === 'running') return false;
    this.#ledger.remove(record);
    this.#settleIdle();
    return true;
  }

  /** Puts a failed or cancelled job back in line, at the end, as new. Returns false for any other job. */
  retry(id: string): boolean {
    const record = this.#ledger.get(id);
    if (record?.job.status !== 'failed' && record?.job.status !== 'cancelled') return false;
    this.#ledger.renew(record);
    this.#line([record]);
    return true;
  }

  /** Puts every failed job back in line, in their order; returns how many. */
  retryFailed(): number {
    return this.#ledger.withStatus('failed').filter((record) => this.retry(record.job.id)).length;
  }

  /** Holds the queue: waiting jobs pause, new jobs wait, the running job finishes. */
  pauseAll(): void {
    this.#hold = 'USER';
    for (const record of this.#ledger.withStatus('queued')) this.#ledger.pause(record, 'USER');
    this.#pump();
  }

  /** Lifts any hold and puts every paused job back in line (jobs whose account must sign in wait for it). */
  resumeAll(): void {
    this.#hold = null;
    const active = this.#accounts.activeAccountId();
    if (active !== null) this.#accounts.releaseIfSignedIn(active);
    for (const record of this.#ledger.withStatus('paused')) this.#ledger.requeue(record);
    this.#pump();
  }

  /**
   * `accountId` can generate again (it signed in): lifts the hold its ended sign-in caused and puts the
   * jobs that paused for it back in line. Jobs the user paused, and quota or unusual-activity holds, stay.
   */
  accountRestored(accountId: string): void {
    this.#accounts.release(accountId);
    for (const record of this.#ledger.withStatus('paused')) {
      if (record.job.pauseReason === 'AUTH_REQUIRED' && record.job.accountId === accountId) this.#ledger.requeue(record);
    }
    this.#pump();
  }

  /** The active account or its session changed: re-decides which jobs may run and what the rest wait for. */
  accountChanged(): void {
    this.#pump();
  }

  /**
   * The Google account behind `from` just signed in again under a new id, `to`: its jobs follow it, and
   * those that paused for that sign-in go back in line (as after `accountRestored`).
   */
  reassignAccount(from: string, to: string): void {
    this.#accounts.release(from);
    for (const record of this.#ledger.unfinishedOf(from)) {
      this.#ledger.update(record, { accountId: to });
      this.#ledger.emit({ type: 'waiting', job: record.job });
    }
    this.accountRestored(to);
  }

  /** Cancels every unfinished job of `accountId` (its owner signed out and chose to discard them). */
  cancelAccountJobs(accountId: string): number {
    return this.#ledger.unfinishedOf(accountId).filter((record) => this.cancel(record.job.id)).length;
  }

  /** Cancels every job that has not finished. */
  cancelAll(): void {
    for (const record of this.#ledger.all()) this.cancel(record.job.id);
  }

  /** Forgets finished jobs (completed, failed, cancelled); returns how many. */
  clearFinished(): number {
    return this.#ledger.removeFinished();
  }

  /** Resolves when nothing runs or could run now (paused jobs and jobs waiting for a sign-in do not count). */
  whenIdle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Cancels unfinished jobs and stops every wait (at shutdown). */
  dispose(): void {
    this.cancelAll();
    this.#disposed = true;
    this.#connectivity.dispose();
    this.#cancelPaceTimer?.();
  }

  #add(requests: readonly GenerateRequest[], batchId: string | null): GenerationJob[] {
    const accountId = this.#accounts.activeAccountId();
    if (accountId === null) throw new AuthRequiredError('Sign in to ImageFX to queue images.');
    const unfinished = this.#ledger.all().filter((record) => record.job.finishedAt === null).length;
    if (unfinished + requests.length > MAX_QUEUED_JOBS) {
      throw new AppError(
        'INVALID_INPUT',
        `The queue holds at most ${MAX_QUEUED_JOBS.toLocaleString('en-US')} unfinished jobs and has ${unfinished}; ` +
          `let some finish or cancel them before adding ${requests.length === 1 ? 'another' : requests.length}.`,
      );
    }
    const records = this.#ledger.add(requests, batchId, accountId);
    this.#line(records);
    return records.map((record) => record.job);
  }

  /** Jobs that just joined the line wait while the queue (or their account) holds; otherwise the next one may start. */
  #line(records: readonly JobRecord[]): void {
    for (const record of records) {
      const hold = this.#hold ?? (this.#accounts.isHeld(record.job.accountId) ? 'AUTH_REQUIRED' : null);
      if (hold) this.#ledger.pause(record, hold);
    }
    this.#pump();
  }

  /** Decides what runs next and what every queued job waits for. */
  #pump(): void {
    if (this.#disposed) return;
    this.#cancelPaceTimer?.();
    this.#cancelPaceTimer = null;
    const queued = this.#ledger.withStatus('queued');
    const runnable = queued.filter((record) => this.#accounts.canRun(record.job));
    for (const record of queued) if (!runnable.includes(record)) this.#ledger.setWait(record, SIGN_IN);
    const next = runnable[0];
    const blocked = next && !this.#running ? this.#connectivity.blockedBy() : null;
    if (!next || this.#running || blocked) {
      const wait: JobWait | null = blocked ? { reason: blocked, until: null } : null;
      for (const record of runnable) this.#ledger.setWait(record, wait);
      this.#settleIdle();
      return;
    }
    const now = this.#clock.now();
    const startAt = this.#pacer.nextStartAt(now);
    for (const record of runnable.slice(1)) this.#ledger.setWait(record, null);
    if (startAt === null) {
      void this.#run(next);
      return;
    }
    this.#ledger.setWait(next, { reason: 'pacing', until: startAt });
    this.#cancelPaceTimer = this.#clock.setTimer(() => {
      this.#cancelPaceTimer = null;
      this.#pump();
    }, startAt - now);
  }

  async #run(record: JobRecord): Promise<void> {
    this.#running = record;
    const controller = new AbortController();
    record.controller = controller;
    this.#ledger.start(record);
    try {
      const result = await this.#generator.generate(record.job.request, {
        signal: controller.signal,
        onRetry: (notice) => this.#retrying(record, notice),
        onAttempt: () => this.#ledger.setWait(record, null),
      });
      record.saving = true;
      this.#ledger.update(record, { settings: result.settings, wait: null });
      for (const image of result.images) {
        await this.#sink.add(image, result.settings);
        const info = imageInfo(image);
        this.#ledger.update(record, { images: [...record.job.images, info] });
        this.#ledger.emit({ type: 'image-received', job: record.job, image: info });
      }
      if (this.#hold !== 'USER') this.#hold = null; // a success shows the account works again
      this.#ledger.finish(record, { status: 'completed', failure: null });
      this.#ledger.emit({ type: 'completed', job: record.job });
    } catch (error) {
      await this.#handleFailure(record, error, controller.signal);
    } finally {
      this.#pacer.requestEnded(this.#clock.now());
      record.controller = null;
      record.saving = false;
      this.#running = null;
      this.#pump();
    }
  }

  #retrying(record: JobRecord, notice: RetryNotice): void {
    const reason = notice.failure.code === 'RATE_LIMITED' ? 'rate-limited' : 'retry';
    this.#ledger.update(record, { failure: notice.failure, wait: { reason, until: this.#clock.now() + notice.delayMs } });
    this.#ledger.emit({ type: 'retrying', job: record.job, ...notice });
  }

  async #handleFailure(record: JobRecord, error: unknown, signal: AbortSignal): Promise<void> {
    const cancelled = (): boolean => signal.aborted && !record.saving;
    if (!cancelled() && !record.saving && isTransient(error)) {
      // Out of retries for a reason that heals: if the way to Google is gone, wait for it instead of failing.
      const connectivity = await this.#connectivity.checkAfterFailure(signal);
      if (!cancelled() && connectivity !== 'online') {
        this.#ledger.update(record, { failure: toFailureInfo(error) });
        this.#ledger.requeue(record, { reason: connectivity, until: null });
        return;
      }
    }
    if (cancelled()) {
      this.#ledger.finish(record, { status: 'cancelled' });
      this.#ledger.emit({ type: 'cancelled', job: record.job });
      return;
    }
    const failure = toFailureInfo(error);
    const reason = pauseReasonFor(failure);
    if (!reason) {
      this.#ledger.finish(record, { status: 'failed', failure });
      this.#ledger.emit({ type: 'failed', job: record.job, code: failure.code, failure });
      return;
    }
    this.#ledger.update(record, { failure });
    this.#ledger.pause(record, reason);
    // A sign-in that ended holds that account's jobs only; quota and unusual activity hold the queue.
    const accountId = record.job.accountId;
    if (reason === 'AUTH_REQUIRED') this.#accounts.hold(accountId);
    else this.#hold = reason;
    for (const other of this.#ledger.withStatus('queued')) {
      if (reason !== 'AUTH_REQUIRED' || other.job.accountId === accountId) this.#ledger.pause(other, reason);
    }
  }

  #isIdle(): boolean {
    return !this.#running && !this.#ledger.withStatus('queued').some((record) => this.#accounts.canRun(record.job));
  }

  #settleIdle(): void {
    if (!this.#isIdle()) return;
    for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }
}
