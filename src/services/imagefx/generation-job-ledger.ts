/**
 * The generation queue's book of jobs: every job's current snapshot, the state changes the queue makes
 * to it, and the listeners that hear about each change. Scheduling lives in `GenerationQueue`.
 */
import type { Clock } from '../../core/index.ts';
import type { JobMove } from '../../shared/generation-options.ts';
import type { GenerateRequest, GenerationJob, GenerationJobEvent, JobWait, PauseReason } from '../../shared/generation-schemas.ts';

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

  /** Adds queued jobs for `accountId`, one per request, at the end of the line, and announces each. */
  add(requests: readonly GenerateRequest[], batchId: string | null, accountId: string): JobRecord[] {
    const now = this.#clock.now();
    return requests.map((request) => {
      const record: JobRecord = {
        job: {
          id: `job-${this.#nextJob++}`,
          batchId,
          accountId,
          request,
          status: 'queued',
          pauseReason: null,
          wait: null,
          failure: null,
          settings: null,
          images: [],
          createdAt: now,
          startedAt: null,
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

  /**
   * Moves a waiting (queued or paused) job among the waiting jobs; the others keep their places. Returns
   * false when the job is not waiting.
   */
  move(record: JobRecord, where: JobMove): boolean {
    const all = this.all();
    const waiting = all.filter(isWaiting);
    const from = waiting.indexOf(record);
    if (from < 0) return false;
    const to = where === 'top' ? 0 : Math.min(waiting.length - 1, Math.max(0, from + (where === 'up' ? -1 : 1)));
    waiting.splice(from, 1);
    waiting.splice(to, 0, record);
    let next = 0;
    this.#setOrder(all.map((entry) => (isWaiting(entry) ? waiting[next++]! : entry)));
    return true;
  }

  /**
   * A finished job made new for a retry and announced: queued at the end of the line (behind the jobs
   * already waiting), with no failure, result or times.
   */
  renew(record: JobRecord): void {
    this.#records.delete(record.job.id);
    this.#records.set(record.job.id, record);
    this.update(record, { failure: null, settings: null, images: [], startedAt: null, finishedAt: null });
    this.requeue(record);
  }

  /** The job's run begins now. */
  start(record: JobRecord): void {
    this.update(record, { status: 'running', failure: null, pauseReason: null, wait: null, startedAt: this.#clock.now() });
    this.emit({ type: 'running', job: record.job });
  }

  /** Forgets one job. */
  remove(record: JobRecord): void {
    this.#records.delete(record.job.id);
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

  #setOrder(records: readonly JobRecord[]): void {
    this.#records.clear();
    for (const record of records) this.#records.set(record.job.id, record);
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

function isWaiting(record: JobRecord): boolean {
  return record.job.status === 'queued' || record.job.status === 'paused';
}
