/**
 * The whole job list for the window, read one bounded page at a time: `generation:list-jobs` never answers
 * more than MAX_JOB_PAGE jobs, so no single reply grows with the queue.
 */
import { MAX_JOB_PAGE } from '../shared/generation-options.ts';
import type { QueueSnapshot } from '../shared/generation-schemas.ts';
import type { Bridge } from './bridge.ts';

/** Every listed job, in the order queued, and why the queue holds (as of the last page). */
export type JobList = Pick<QueueSnapshot, 'jobs' | 'holdReason'>;

export async function listAllJobs(bridge: Bridge): Promise<JobList> {
  const jobs: QueueSnapshot['jobs'] = [];
  let after: string | null = null;
  let holdReason: QueueSnapshot['holdReason'] = null;
  do {
    const page: QueueSnapshot = await bridge.invoke('generation:list-jobs', { after, limit: MAX_JOB_PAGE });
    jobs.push(...page.jobs);
    holdReason = page.holdReason;
    after = page.nextCursor;
  } while (after !== null);
  return { jobs, holdReason };
}
