/**
 * The generation queue's book of jobs: every job's current snapshot, the state changes the queue makes
 * to it, and the listeners that hear about each change. Scheduling lives in `GenerationQueue`.
 */
import type { Clock } from '../../core/index.ts';
import type { BatchSettings, GenerationJob, GenerationJobEvent, JobWait, PauseReason } from '../../shared/generation-schemas.ts';

/** What a job paused for this reason waits for (a job paused for a sign-in waits for the sign-in). */
const SIGN_IN_WAIT: JobWait = { reason: 'sign-in', until: null };

function sameWait(a: JobWait | null, b: JobWait | null): boolean {
  return a === b || (a !== null && b !== null && a.reason === b.reason && a.until === b.until);
}

/** A job and what the queue needs to steer it while it runs. */
export interface JobRecord {
  job: GenerationJob;
  controller: AbortController | null;
  /** True once the images arrived: from then on the job finishes saving them, even if cancelled. */
  saving: boolean;
}

export class GenerationJobLedger {
  readonly #clock: Pick<Clock, 'now'>;
  readonly #records = new Map<string, JobRecord>();
  readonly #listeners = new Set<(event: GenerationJobEvent) => void>();
  #nextJob = 1;

  constructor(clock: Pick<Clock, 'now'>) {
    this.#clock = clock;
  }

  /** Subscribes to job events; returns the unsubscribe function. */
  subscribe(listener: (event: GenerationJobEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Adds queued jobs for `accountId`, one per prompt, and announces each. */
  add(prompts: readonly string[], settings: BatchSettings, batchId: string | null, accountId: string): JobRecord[] {
    const now = this.#clock.now();
    return prompts.map((prompt) => {
      const record: JobRecord = {
        job: {
          id: `job-${this.#nextJob++}`,
          batchId,
          accountId,
          request: { ...settings, prompt },
          status: 'queued',
          pauseReason: null,
          wait: null,
          failure: null,
          settings: null,
          images: [],
          createdAt: now,
          finishedAt: null,
        },
        controller: null,
        saving: false,
      };
      this.#records.set(record.job.id, record);
      this.emit({ type: 'queued', job: record.job });
      return record;
    });
  }

  get(id: string): JobRecord | undefined {
    return this.#records.get(id);
  }

  /** Every record, in the order queued. */
  all(): JobRecord[] {
    return [...this.#records.values()];
  }

  /** Records with the given status, in the order queued. */
  withStatus(status: GenerationJob['status']): JobRecord[] {
    return this.all().filter((record) => record.job.status === status);
  }

  /** Records of `accountId` that have not finished, in the order queued. */
  unfinishedOf(accountId: string): JobRecord[] {
    return this.all().filter((record) => record.job.accountId === accountId && record.job.finishedAt === null);
  }

  /** Sets what the job waits for and announces it; nothing when it is unchanged. */
  setWait(record: JobRecord, wait: JobWait | null): void {
    if (sameWait(record.job.wait, wait)) return;
    this.update(record, { wait });
    this.emit({ type: 'waiting', job: record.job });
  }

  /** Forgets finished jobs; returns how many. */
  removeFinished(): number {
    const finished = this.all().filter((record) => record.job.finishedAt !== null);
    for (const record of finished) this.#records.delete(record.job.id);
    return finished.length;
  }

  update(record: JobRecord, changes: Partial<GenerationJob>): void {
    record.job = { ...record.job, ...changes };
  }

  pause(record: JobRecord, reason: PauseReason): void {
    this.update(record, { status: 'paused', pauseReason: reason, wait: reason === 'AUTH_REQUIRED' ? SIGN_IN_WAIT : null });
    this.emit({ type: 'paused', job: record.job, reason });
  }

  /** Back in line; what it waits for there is the queue's to say. */
  requeue(record: JobRecord, wait: JobWait | null = null): void {
    this.update(record, { status: 'queued', pauseReason: null, wait });
    this.emit({ type: 'queued', job: record.job });
  }

  /** Marks the job finished with the given outcome (the caller emits the matching event). */
  finish(record: JobRecord, changes: Partial<GenerationJob>): void {
    this.update(record, { ...changes, pauseReason: null, wait: null, finishedAt: this.#clock.now() });
  }

  emit(event: GenerationJobEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // A faulty listener must not stop the queue.
      }
    }
  }
}
