/**
 * Everything the window hears about without asking: auth snapshots, job progress and gallery changes,
 * each turned into one {@link AppEvent} for the event channel. Also where the account layer tells the
 * queue what changed — an account signed in (its jobs may run), the active account or its session
 * changed (others wait), an account came back under a new id (its jobs follow) — and the queue decides
 * what that means for its jobs.
 */
import type { AccountService } from '../../auth/accounts/index.ts';
import type { GenerationQueue } from '../../services/imagefx/index.ts';
import type { GalleryChange } from '../../shared/gallery-schemas.ts';
import type { AppEvent } from '../../shared/ipc-contract.ts';

export interface AppEventSources {
  readonly accounts: Pick<AccountService, 'onDidChange' | 'onDidReplaceAccount'>;
  readonly queue: Pick<GenerationQueue, 'onDidChangeJob' | 'accountRestored' | 'accountChanged' | 'reassignAccount'>;
  readonly publish: (event: AppEvent) => void;
}

export interface AppEventHub {
  /** For changes the IPC handlers and the gallery sink make. */
  publishGalleryChange(change: GalleryChange): void;
  dispose(): void;
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
      send({ type: 'auth', snapshot });
      if (snapshot.state === 'signed-in' && snapshot.activeAccount) queue.accountRestored(snapshot.activeAccount.id);
      else queue.accountChanged();
    }),
    accounts.onDidReplaceAccount(({ from, to }) => queue.reassignAccount(from, to)),
    queue.onDidChangeJob((event) => send({ type: 'job', event })),
  ];
  return {
    publishGalleryChange: (change) => send({ type: 'gallery', change }),
    dispose: () => {
      for (const unsubscribe of unsubscribers.splice(0)) unsubscribe();
    },
  };
}
