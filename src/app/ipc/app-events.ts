/**
 * Everything the window hears about without asking: auth snapshots, job progress and gallery changes,
 * each turned into one {@link AppEvent} for the event channel. Also the one rule that joins the two
 * worlds: jobs paused because the session ended (`AUTH_REQUIRED`) resume as soon as the account is
 * signed in again, so a batch interrupted by a revocation completes after the user signs in.
 */
import type { AccountService } from '../../auth/accounts/account-service.ts';
import type { GenerationQueue } from '../../services/imagefx/generation-queue.ts';
import type { AppEvent, GalleryChange } from '../../shared/ipc-contract.ts';
import { toAuthSnapshot } from './auth-handlers.ts';

export interface AppEventSources {
  readonly accounts: Pick<AccountService, 'onDidChange'>;
  readonly queue: Pick<GenerationQueue, 'onDidChangeJob' | 'listJobs' | 'resume'>;
  readonly publish: (event: AppEvent) => void;
}

export interface AppEventHub {
  /** For changes the IPC handlers and the gallery sink make. */
  publishGalleryChange(change: GalleryChange): void;
  dispose(): void;
}

/** Puts every job paused for `AUTH_REQUIRED` back in line; returns how many. */
export function resumeJobsPausedForSignIn(queue: Pick<GenerationQueue, 'listJobs' | 'resume'>): number {
  let resumed = 0;
  for (const job of queue.listJobs()) {
    if (job.status === 'paused' && job.pauseReason === 'AUTH_REQUIRED' && queue.resume(job.id)) resumed += 1;
  }
  return resumed;
}

export function connectAppEvents({ accounts, queue, publish }: AppEventSources): AppEventHub {
  const send = (event: AppEvent): void => {
    try {
      publish(event);
    } catch {
      // A window that is closing must not break the service that reported the change.
    }
  };
  const unsubscribers = [
    accounts.onDidChange((snapshot) => {
      send({ type: 'auth', snapshot: toAuthSnapshot(snapshot) });
      if (snapshot.state === 'signed-in') resumeJobsPausedForSignIn(queue);
    }),
    queue.onDidChangeJob((event) => send({ type: 'job', event })),
  ];
  return {
    publishGalleryChange: (change) => send({ type: 'gallery', change }),
    dispose: () => {
      for (const unsubscribe of unsubscribers.splice(0)) unsubscribe();
    },
  };
}
