/**
 * Everything the window hears about without asking: auth snapshots, job progress, gallery changes, the
 * gallery index's background work and the export in progress, each turned into one {@link AppEvent} for
 * the event channel. Also where the account layer tells the
 * queue what changed — an account signed in (its jobs may run), the active account or its session
 * changed (others wait), an account came back under a new id (its jobs follow) — and the queue decides
 * what that means for its jobs.
 */
import type { AccountService } from '../../auth/accounts/index.ts';
import type { Gallery, GalleryExportRunner } from '../../services/gallery/index.ts';
import type { GenerationQueue } from '../../services/imagefx/index.ts';
import type { GalleryChange, GalleryIndexProgress } from '../../shared/gallery-schemas.ts';
import type { AppEvent } from '../../shared/ipc-contract.ts';

export interface AppEventSources {
  readonly accounts: Pick<AccountService, 'onDidChange' | 'onDidReplaceAccount'>;
  readonly queue: Pick<GenerationQueue, 'onDidChangeJob' | 'accountRestored' | 'accountChanged' | 'reassignAccount'>;
  /** The gallery index's background work (a rebuild reports progress to the window). */
  readonly gallery?: Pick<Gallery, 'onDidChangeIndexProgress'>;
  /** The export in progress. */
  readonly exports?: Pick<GalleryExportRunner, 'onDidChangeProgress'>;
  readonly publish: (event: AppEvent) => void;
}

/** Index progress steps sent per phase at most (a reconcile reports every one of 1,024 folders). */
export const INDEX_PROGRESS_STEPS = 100;

/**
 * Passes on the index's progress when its phase changes, when it finishes a phase, and at most
 * {@link INDEX_PROGRESS_STEPS} times within one: enough for a smooth progress line, not an event per task.
 */
export function indexProgressFilter(): (progress: GalleryIndexProgress) => boolean {
  let last: GalleryIndexProgress | null = null;
  return (progress) => {
    const step = Math.max(1, Math.ceil(progress.total / INDEX_PROGRESS_STEPS));
    const send = last === null || last.phase !== progress.phase || last.total !== progress.total || progress.done >= progress.total || progress.done - last.done >= step;
    if (send) last = progress;
    return send;
  };
}

export interface AppEventHub {
  /** For changes the IPC handlers and the gallery sink make. */
  publishGalleryChange(change: GalleryChange): void;
  dispose(): void;
}

export function connectAppEvents({ accounts, queue, gallery, exports, publish }: AppEventSources): AppEventHub {
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
  if (gallery) {
    const worthSending = indexProgressFilter();
    unsubscribers.push(
      gallery.onDidChangeIndexProgress((progress) => {
        if (worthSending(progress)) send({ type: 'gallery-index', progress });
      }),
    );
  }
  if (exports) unsubscribers.push(exports.onDidChangeProgress.on((progress) => send({ type: 'gallery-export', progress })));
  return {
    publishGalleryChange: (change) => send({ type: 'gallery', change }),
    dispose: () => {
      for (const unsubscribe of unsubscribers.splice(0)) unsubscribe();
    },
  };
}
