/**
 * Fake services behind the IPC handlers. They validate with the real services' own rules (so a call that
 * passes the IPC boundary is judged as the app would judge it), record every call in one {@link CallLog}
 * (so a test can prove a refused call reached nothing), and hold a known session cookie value and token
 * that they try to leak: every service throws foreign errors quoting the secrets and AppErrors with
 * secret-bearing properties; the two that handle credentials (accounts, image operations) also return
 * objects with the secrets in extra fields. A reply or event containing either secret is a bug.
 */
import type { AccountService } from '../../src/auth/account-service.ts';
import { checkedId, checkedIds, parsePageRequest, parseSearchRequest } from '../../src/services/gallery/gallery-requests.ts';
import { validateCaptionBytes, validateCaptionCount, type CaptionRequest } from '../../src/services/imagefx/caption-input.ts';
import type { GeneratedImage, GenerationResult } from '../../src/services/imagefx/generated-image.ts';
import type { GenerationJob } from '../../src/services/imagefx/generation-job.ts';
import {
  resolveGenerationSettings,
  validateBatchSettings,
  validatePrompt,
  type BatchSettings,
  type GenerateRequest,
  type GenerationSettings,
} from '../../src/services/imagefx/generation-settings.ts';
import { parsePromptFile, validatePromptBatch } from '../../src/services/imagefx/prompt-batch.ts';
import type {
  GalleryImageSaver,
  GalleryOperations,
  GenerationQueueControls,
  ImageOperations,
  MainProcessDialogs,
  SettingsControls,
} from '../../src/platform/ipc-handlers/ipc-ports.ts';
import { AppError } from '../../src/shared/app-error.ts';
import type { AccountSummary, AuthSnapshot } from '../../src/shared/auth-types.ts';
import type { GalleryItem, GalleryPage } from '../../src/shared/gallery-types.ts';
import type { AppSettings, UserAgentStrategy } from '../../src/shared/ipc-contract.ts';
import { fakeImages } from './imagefx-gated-generator.ts';

/** The session cookie value the fakes hold (shaped like next-auth's JWE). */
export const FAKE_SESSION_COOKIE_VALUE = 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..S3cr3tC00kieValue-9f8e7d6c5b4a';
/** The access token the fakes hold (shaped like Google's). */
export const FAKE_ACCESS_TOKEN = 'ya29.a0AfB_byS3cr3tT0kenValue_1234567890abcdefXYZ';
export const FAKE_SECRETS = [FAKE_SESSION_COOKIE_VALUE, FAKE_ACCESS_TOKEN] as const;

/** Known gallery ids of the fake gallery; any other well-formed id is NOT_FOUND. */
export const KNOWN_GALLERY_IDS = ['01JBZ5Q7N4V4TTMQ0V8GQX2ZK1', '01JBZ5Q7N4V4TTMQ0V8GQX2ZK2'] as const;
export const KNOWN_ACCOUNT_IDS = ['account-1', 'account-2'] as const;
export const KNOWN_JOB_IDS = ['job-1', 'job-2'] as const;

export const ADA: AccountSummary = { id: 'account-1', email: 'ada@example.test', name: 'Ada Lovelace', avatarUrl: 'https://labs.google/a.png' };

/** Every call the fakes received, as `service.method`. */
export class CallLog {
  readonly calls: string[] = [];

  record(name: string): void {
    this.calls.push(name);
  }
}

/**
 * Every 5th accepted call throws a foreign error quoting both secrets, every 7th an AppError carrying
 * them in extra properties. A boundary that copies error text or properties would leak them.
 */
export class LeakBait {
  #calls = 0;
  enabled = true;

  spring(): void {
    if (!this.enabled) return;
    this.#calls += 1;
    if (this.#calls % 5 === 0) {
      throw new TypeError(`fetch failed: Cookie: __Secure-next-auth.session-token=${FAKE_SESSION_COOKIE_VALUE}; Authorization: Bearer ${FAKE_ACCESS_TOKEN}`);
    }
    if (this.#calls % 7 === 0) {
      throw Object.assign(new AppError('SERVICE_ERROR', 'ImageFX is not answering.', { cause: FAKE_ACCESS_TOKEN }), {
        reason: FAKE_ACCESS_TOKEN,
        cookieHeader: `__Secure-next-auth.session-token=${FAKE_SESSION_COOKIE_VALUE}`,
      });
    }
  }
}

/** An object with the secrets riding along in fields the contract does not have. */
function withSecrets<T extends object>(value: T): T {
  return Object.assign({}, value, { sessionCookie: FAKE_SESSION_COOKIE_VALUE, bearer: FAKE_ACCESS_TOKEN });
}

export interface FakeServiceContext {
  readonly log: CallLog;
  readonly bait: LeakBait;
}

export class FakeAccountService implements AccountService {
  readonly #context: FakeServiceContext;
  readonly #listeners = new Set<(snapshot: AuthSnapshot) => void>();
  current: AuthSnapshot = {
    state: 'signed-in',
    reason: null,
    activeAccount: ADA,
    accounts: [ADA, { ...ADA, id: 'account-2', email: 'grace@example.test', name: 'Grace Hopper' }],
    storage: { mode: 'encrypted' },
  };
  /** What `signIn()` does besides answering; tests plug a real re-sign-in in here. */
  onSignIn: () => Promise<void> = async () => undefined;

  constructor(context: FakeServiceContext) {
    this.#context = context;
  }

  snapshot(): AuthSnapshot {
    this.#context.log.record('accounts.snapshot');
    return withSecrets({ ...this.current, activeAccount: this.current.activeAccount && withSecrets(this.current.activeAccount) });
  }

  onDidChange(listener: (snapshot: AuthSnapshot) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Changes the state and tells subscribers, as the real manager does. */
  change(update: Partial<AuthSnapshot>): void {
    this.current = { ...this.current, ...update };
    for (const listener of this.#listeners) listener(withSecrets(this.current));
  }

  async signIn(): Promise<AccountSummary> {
    this.#context.log.record('accounts.signIn');
    this.#context.bait.spring();
    await this.onSignIn();
    this.change({ state: 'signed-in', reason: null, activeAccount: ADA });
    return withSecrets(ADA);
  }

  cancelSignIn(): void {
    this.#context.log.record('accounts.cancelSignIn');
  }

  async signOut(): Promise<void> {
    this.#context.log.record('accounts.signOut');
    this.#context.bait.spring();
  }

  async importCookieHeader(header: string): Promise<AccountSummary> {
    this.#context.log.record('accounts.importCookieHeader');
    this.#context.bait.spring();
    if (!header.includes('next-auth.session-token=')) {
      throw new AppError('LOGIN_REJECTED', 'That is not a signed-in labs.google session.');
    }
    return withSecrets(ADA);
  }

  async switchAccount(accountId: string): Promise<void> {
    this.#context.log.record('accounts.switchAccount');
    if (!(KNOWN_ACCOUNT_IDS as readonly string[]).includes(accountId)) throw new AppError('NOT_FOUND', 'No such account.');
  }

  async removeAccount(accountId: string): Promise<void> {
    this.#context.log.record('accounts.removeAccount');
    if (!(KNOWN_ACCOUNT_IDS as readonly string[]).includes(accountId)) throw new AppError('NOT_FOUND', 'No such account.');
  }

  async optInToWeakerStorage(): Promise<void> {
    this.#context.log.record('accounts.optInToWeakerStorage');
  }
}

export function fakeGalleryItem(id: string, image?: Pick<GeneratedImage, 'prompt' | 'model' | 'aspectRatio' | 'mediaId'> & { seed: number }): GalleryItem {
  return {
    id,
    prompt: image?.prompt ?? 'a harbour',
    seed: image?.seed ?? 1,
    model: image?.model ?? 'IMAGEN_3_5',
    aspectRatio: image?.aspectRatio ?? 'IMAGE_ASPECT_RATIO_SQUARE',
    mediaId: image?.mediaId ?? '',
    createdAt: 1_767_225_600_000,
    favourite: false,
    width: 64,
    height: 64,
  };
}

export function createFakeImages({ log, bait }: FakeServiceContext): ImageOperations {
  return {
    async generate(request: GenerateRequest): Promise<GenerationResult> {
      log.record('images.generate');
      const settings = resolveGenerationSettings(request, () => 0.5);
      bait.spring();
      return { settings, images: fakeImages(settings).map(withSecrets) };
    },
    async caption(request: CaptionRequest) {
      log.record('images.caption');
      validateCaptionCount(request.count);
      if ('bytes' in request) validateCaptionBytes(request.bytes, request.mimeType);
      bait.spring();
      return withSecrets({ captions: ['a harbour at dawn'] });
    },
    async fetchById(mediaId: string): Promise<GeneratedImage> {
      log.record('images.fetchById');
      bait.spring();
      const [image] = fakeImages({ prompt: 'a harbour', count: 1, aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE', seed: 5, model: 'IMAGEN_3_5' });
      return withSecrets({ ...image!, mediaId });
    },
  };
}

function fakeJob(id: string, prompt: string, settings: BatchSettings): GenerationJob {
  return {
    id,
    batchId: null,
    request: { prompt, ...settings },
    status: 'queued',
    pauseReason: null,
    failure: null,
    settings: null,
    images: [],
    createdAt: 0,
    finishedAt: null,
  };
}

export function createFakeQueue({ log, bait }: FakeServiceContext): GenerationQueueControls {
  const known = (id: string): boolean => (KNOWN_JOB_IDS as readonly string[]).includes(id);
  const jobsFor = (prompts: readonly string[], settings: BatchSettings): GenerationJob[] =>
    prompts.slice(0, 3).map((prompt, index) => fakeJob(`job-${index + 10}`, prompt, settings));
  return {
    concurrency: 2,
    holdReason: null,
    enqueue(request) {
      log.record('queue.enqueue');
      const prompt = validatePrompt(request.prompt);
      const settings = validateBatchSettings(request);
      bait.spring();
      return fakeJob('job-10', prompt, settings);
    },
    enqueueBatch(prompts, settings) {
      log.record('queue.enqueueBatch');
      const checked = validatePromptBatch(prompts);
      return jobsFor(checked, validateBatchSettings(settings));
    },
    enqueuePromptFile(text, settings) {
      log.record('queue.enqueuePromptFile');
      const prompts = parsePromptFile(text);
      return jobsFor(prompts, validateBatchSettings(settings));
    },
    pause: (id) => (log.record('queue.pause'), known(id)),
    resume: (id) => (log.record('queue.resume'), known(id)),
    cancel: (id) => (log.record('queue.cancel'), known(id)),
    pauseAll: () => log.record('queue.pauseAll'),
    resumeAll: () => log.record('queue.resumeAll'),
    cancelAll: () => log.record('queue.cancelAll'),
    clearFinished: () => (log.record('queue.clearFinished'), 0),
    listJobs: () => (log.record('queue.listJobs'), KNOWN_JOB_IDS.map((id) => fakeJob(id, 'a harbour', { count: 1, aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE', seed: null, model: 'IMAGEN_3_5' }))),
  };
}

export function createFakeGallery({ log, bait }: FakeServiceContext): GalleryOperations {
  const existing = (id: string): string => {
    const checked = checkedId(id);
    if (!(KNOWN_GALLERY_IDS as readonly string[]).includes(checked)) throw new AppError('NOT_FOUND', 'No gallery image has this id.');
    return checked;
  };
  const page = (): GalleryPage => ({ items: KNOWN_GALLERY_IDS.map((id) => fakeGalleryItem(id)), nextCursor: null });
  return {
    page: async (request) => (log.record('gallery.page'), parsePageRequest(request), bait.spring(), page()),
    search: async (request) => (log.record('gallery.search'), parseSearchRequest(request), page()),
    get: async (id) => (log.record('gallery.get'), bait.spring(), fakeGalleryItem(existing(id))),
    setFavourite: async (id, favourite) => (log.record('gallery.setFavourite'), { ...fakeGalleryItem(existing(id)), favourite }),
    delete: async (id) => {
      log.record('gallery.delete');
      existing(id);
    },
    export: async (ids, directory) => {
      log.record('gallery.export');
      const checked = checkedIds(ids).map(existing);
      return { directory, imageFiles: checked.map((id) => `${id}.png`), metadataJsonFile: 'metadata.json', metadataCsvFile: 'metadata.csv' };
    },
    reuseSettings: async (id) => (log.record('gallery.reuseSettings'), existing(id), { prompt: 'a harbour', seed: 1, model: 'IMAGEN_3_5', aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE' }),
  };
}

/** Saves into nothing; hands out ids from a counter. */
export function createFakeGallerySaver({ log }: FakeServiceContext): GalleryImageSaver & { readonly saved: GeneratedImage[] } {
  const saved: GeneratedImage[] = [];
  return {
    saved,
    async save(image: GeneratedImage, settings: GenerationSettings) {
      log.record('gallerySaver.save');
      saved.push(image);
      return fakeGalleryItem(KNOWN_GALLERY_IDS[0], { ...image, seed: image.seed ?? settings.seed });
    },
  };
}

/** Dialogs answering from `answers` (default: the user cancels). */
export function createFakeDialogs({ log }: FakeServiceContext, answers: { exportDirectory?: string | null; captionImage?: string | null } = {}): MainProcessDialogs {
  return {
    chooseExportDirectory: async () => (log.record('dialogs.chooseExportDirectory'), answers.exportDirectory ?? null),
    chooseCaptionImage: async () => (log.record('dialogs.chooseCaptionImage'), answers.captionImage ?? null),
  };
}

export function createFakeSettings({ log }: FakeServiceContext): SettingsControls {
  let current: AppSettings = { userAgentStrategy: 'electron', concurrency: 2, storage: { mode: 'encrypted' } };
  const answer = (): AppSettings => current;
  return {
    get: () => (log.record('settings.get'), answer()),
    setUserAgentStrategy: (strategy: UserAgentStrategy) => (log.record('settings.setUserAgentStrategy'), (current = { ...current, userAgentStrategy: strategy }), answer()),
    setConcurrency: (concurrency: number) => (log.record('settings.setConcurrency'), (current = { ...current, concurrency }), answer()),
    optInToWeakerStorage: async () => (log.record('settings.optInToWeakerStorage'), answer()),
  };
}
