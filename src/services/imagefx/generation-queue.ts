/**
 * Runs generation jobs one at a time — one generation in flight per account, as a person would — and
 * hands every image to the sink the moment it arrives, so a crash or a later failure never loses what was
 * already generated. Requests arrive parsed (the IPC registry); a prompt file's text is parsed here.
 *
 * Control: pause / resume / cancel per job and for all. A running job is one request to Google: it cannot
 * be paused halfway (cancel it instead); cancelling aborts its waits and abandons the request. An
 * account-wide failure (AUTH_REQUIRED, QUOTA_REACHED, unusual activity) pauses the job and everything
 * waiting with that reason instead of failing them, and holds the queue so new jobs wait too;
 * `accountRestored()` lifts a sign-in hold, `resumeAll()` any hold.
 */
import type { Clock } from '../../core/index.ts';
import { AppError } from '../../shared/app-error.ts';
import { MAX_JOB_PAGE, MAX_QUEUED_JOBS } from '../../shared/generation-options.ts';
import type { BatchSettings, GenerateRequest, GenerationJob, GenerationJobEvent, JobPageRequest, PauseReason, QueueSnapshot } from '../../shared/generation-schemas.ts';
import { imageInfo, type GeneratedImageSink } from './generated-image.ts';
import { pauseReasonFor } from './generation-job.ts';
import { GenerationJobLedger, type JobRecord } from './generation-job-ledger.ts';
import { toFailureInfo } from './image-service-error.ts';
import type { ImageGenerator } from './imagefx-service.ts';
import { parsePromptFile } from './prompt-batch.ts';

export interface GenerationQueueOptions {
  readonly generator: ImageGenerator;
  readonly sink: GeneratedImageSink;
  readonly clock: Pick<Clock, 'now'>;
}

export class GenerationQueue {
  readonly #generator: ImageGenerator;
  readonly #sink: GeneratedImageSink;
  readonly #ledger: GenerationJobLedger;
  readonly #idleWaiters: (() => void)[] = [];
  #running = false;
  #nextBatch = 1;
  /** Set while the whole queue holds (pauseAll, or an account-wide failure): new jobs wait too. */
  #hold: PauseReason | null = null;

  constructor(options: GenerationQueueOptions) {
    this.#generator = options.generator;
    this.#sink = options.sink;
    this.#ledger = new GenerationJobLedger(options.clock);
  }

  /** Subscribes to job progress; returns the unsubscribe function. */
  onDidChangeJob(listener: (event: GenerationJobEvent) => void): () => void {
    return this.#ledger.subscribe(listener);
  }

  /**
   * One page of the jobs still listed, in the order queued, and why the queue holds. The cursor is a job
   * id; ids grow with each job, so a page after a job that was cleared meanwhile starts at the next one.
   */
  snapshot(request: JobPageRequest = { after: null, limit: MAX_JOB_PAGE }): QueueSnapshot {
    const after = request.after === null ? 0 : jobNumber(request.after);
    const rest = this.listJobs().filter((job) => jobNumber(job.id) > after);
    const jobs = rest.slice(0, request.limit);
    const nextCursor = rest.length > jobs.length ? jobs.at(-1)!.id : null;
    return { jobs, holdReason: this.#hold, nextCursor };
  }

  /** Queues one generation. */
  enqueue(request: GenerateRequest): GenerationJob {
    const { prompt, ...settings } = request;
    return this.#add([prompt], settings, null)[0]!;
  }

  /** Queues one job per prompt with shared settings. */
  enqueueBatch(prompts: readonly string[], settings: BatchSettings): GenerationJob[] {
    return this.#add(prompts, settings, `batch-${this.#nextBatch++}`);
  }

  /** Queues the prompts of a prompt file's text (see `parsePromptFile`); all or nothing. */
  enqueuePromptFile(text: string, settings: BatchSettings): GenerationJob[] {
    return this.#add(parsePromptFile(text), settings, `batch-${this.#nextBatch++}`);
  }

  getJob(id: string): GenerationJob | undefined {
    return this.#ledger.get(id)?.job;
  }

  /** Every job still listed, in the order queued. */
  listJobs(): GenerationJob[] {
    return this.#ledger.all().map((record) => record.job);
  }

  /** Pauses a waiting job. Returns false when the job is not waiting (a running job cannot pause). */
  pause(id: string): boolean {
    const record = this.#ledger.get(id);
    if (record?.job.status === 'paused') return true;
    if (record?.job.status !== 'queued') return false;
    this.#ledger.pause(record, 'USER');
    this.#settleIdle();
    return true;
  }

  /** Puts a paused job back in line. Returns false when it was not paused. */
  resume(id: string): boolean {
    const record = this.#ledger.get(id);
    if (record?.job.status !== 'paused') return false;
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
    this.#settleIdle();
    return true;
  }

  /** Holds the queue: waiting jobs pause, new jobs wait, the running job finishes. */
  pauseAll(): void {
    this.#hold = 'USER';
    for (const record of this.#ledger.withStatus('queued')) this.#ledger.pause(record, 'USER');
    this.#settleIdle();
  }

  /** Lifts any hold and puts every paused job back in line. */
  resumeAll(): void {
    this.#hold = null;
    for (const record of this.#ledger.withStatus('paused')) this.#ledger.requeue(record);
    this.#pump();
  }

  /**
   * The account can generate again (it signed in): lifts a hold the sign-in caused and puts the jobs it
   * paused back in line. Jobs the user paused, and other holds (quota, unusual activity), stay as they are.
   */
  accountRestored(): void {
    if (this.#hold === 'AUTH_REQUIRED') this.#hold = null;
    for (const record of this.#ledger.withStatus('paused')) {
      if (record.job.pauseReason === 'AUTH_REQUIRED') this.#ledger.requeue(record);
    }
    this.#pump();
  }

  /** Cancels every job that has not finished. */
  cancelAll(): void {
    for (const record of this.#ledger.all()) this.cancel(record.job.id);
  }

  /** Forgets finished jobs (completed, failed, cancelled); returns how many. */
  clearFinished(): number {
    return this.#ledger.removeFinished();
  }

  /** Resolves when nothing is running or waiting to run (paused jobs do not count). */
  whenIdle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #add(prompts: readonly string[], settings: BatchSettings, batchId: string | null): GenerationJob[] {
    const unfinished = this.#ledger.all().filter((record) => record.job.finishedAt === null).length;
    if (unfinished + prompts.length > MAX_QUEUED_JOBS) {
      throw new AppError(
        'INVALID_INPUT',
        `The queue holds at most ${MAX_QUEUED_JOBS.toLocaleString('en-US')} unfinished jobs and has ${unfinished}; ` +
          `let some finish or cancel them before adding ${prompts.length === 1 ? 'another' : prompts.length}.`,
      );
    }
    const records = this.#ledger.add(prompts, settings, batchId);
    if (this.#hold) for (const record of records) this.#ledger.pause(record, this.#hold);
    this.#pump();
    return records.map((record) => record.job);
  }

  #pump(): void {
    const next = this.#ledger.withStatus('queued')[0];
    if (next && !this.#running) void this.#run(next);
    this.#settleIdle();
  }

  async #run(record: JobRecord): Promise<void> {
    this.#running = true;
    const controller = new AbortController();
    record.controller = controller;
    this.#ledger.update(record, { status: 'running', failure: null, pauseReason: null });
    this.#ledger.emit({ type: 'running', job: record.job });
    try {
      const result = await this.#generator.generate(record.job.request, {
        signal: controller.signal,
        onRetry: (notice) => this.#ledger.emit({ type: 'retrying', job: record.job, ...notice }),
      });
      record.saving = true;
      this.#ledger.update(record, { settings: result.settings });
      for (const image of result.images) {
        await this.#sink.add(image, result.settings);
        const info = imageInfo(image);
        this.#ledger.update(record, { images: [...record.job.images, info] });
        this.#ledger.emit({ type: 'image-received', job: record.job, image: info });
      }
      if (this.#hold !== 'USER') this.#hold = null; // a success shows the account works again
      this.#ledger.finish(record, { status: 'completed' });
      this.#ledger.emit({ type: 'completed', job: record.job });
    } catch (error) {
      this.#handleFailure(record, error, controller.signal.aborted && !record.saving);
    } finally {
      record.controller = null;
      record.saving = false;
      this.#running = false;
      this.#pump();
    }
  }

  #handleFailure(record: JobRecord, error: unknown, cancelled: boolean): void {
    if (cancelled) {
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
    this.#hold = reason;
    this.#ledger.update(record, { failure });
    this.#ledger.pause(record, reason);
    for (const other of this.#ledger.withStatus('queued')) this.#ledger.pause(other, reason);
  }

  #isIdle(): boolean {
    return !this.#running && this.#ledger.withStatus('queued').length === 0;
  }

  #settleIdle(): void {
    if (!this.#isIdle()) return;
    for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }
}

/** The number in a job id (`job-12` → 12), as the ledger makes them; 0 for anything else. */
function jobNumber(id: string): number {
  const match = /^job-(\d+)$/.exec(id);
  return match ? Number(match[1]) : 0;
}
