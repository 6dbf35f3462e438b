/**
 * Runs generation jobs one at a time — one in flight per account, as a person would — and hands every
 * image to the sink the moment it arrives, so nothing generated is lost to a crash or a later failure.
 * Requests arrive parsed (the IPC registry); a batch is one request per job. Control: pause / resume /
 * cancel per job and for all; move a waiting job; remove a job that is not running; retry a failed or
 * cancelled job (at the end of the line) or every failed one. A running job is one request to Google: it
 * cannot pause halfway (cancel aborts its waits and abandons the request). An account-wide failure
 * (AUTH_REQUIRED, QUOTA_REACHED, unusual activity) pauses the job and everything waiting instead of
 * failing them, and holds the queue so new jobs wait too; `accountRestored()` lifts a sign-in hold,
 * `resumeAll()` any hold.
 */
import type { Clock } from '../../core/index.ts';
import type { JobMove } from '../../shared/generation-options.ts';
import type { GenerateRequest, GenerationJob, GenerationJobEvent, PauseReason, QueueSnapshot } from '../../shared/generation-schemas.ts';
import { imageInfo, type GeneratedImageSink } from './generated-image.ts';
import { pauseReasonFor } from './generation-job.ts';
import { GenerationJobLedger, type JobRecord } from './generation-job-ledger.ts';
import { toFailureInfo } from './image-service-error.ts';
import type { ImageGenerator } from './imagefx-service.ts';

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

  /** Every job still listed, in the order queued, and why the queue holds. */
  snapshot(): QueueSnapshot {
    return { jobs: this.listJobs(), holdReason: this.#hold };
  }

  /** Queues one generation. */
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

  #add(requests: readonly GenerateRequest[], batchId: string | null): GenerationJob[] {
    const records = this.#ledger.add(requests, batchId);
    this.#line(records);
    return records.map((record) => record.job);
  }

  /** Jobs that just joined the line wait while the queue holds; otherwise the next one may start. */
  #line(records: readonly JobRecord[]): void {
    if (this.#hold) for (const record of records) this.#ledger.pause(record, this.#hold);
    this.#pump();
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
    this.#ledger.start(record);
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
