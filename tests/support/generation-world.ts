/**
 * The app's generation path wired as the composition root wires it, without a browser: the account stack
 * of accounts-world.ts (real vault, SecureSessionManager, PersistentAccountManager) over scripted login
 * surfaces, ImageFXService on the real backend, the GenerationQueue following the account manager through
 * the app's adapter, the ReachabilityMonitor over a switchable OS network state and the backend's probe,
 * the Gallery (with its sink) in the temporary userData, the app-event hub, and the real auth handlers for
 * sign-out. All on one fake clock shared with the emulator.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { parseCookieHeader } from '../../src/auth/login/cookie-import.ts';
import { generationAccounts } from '../../src/app/composition/generation-accounts.ts';
import { connectAppEvents, type AppEventHub } from '../../src/app/ipc/app-events.ts';
import { createAuthHandlers } from '../../src/app/ipc/auth-handlers.ts';
import type { MainProcessDialogs } from '../../src/app/ipc/ipc-ports.ts';
import { GalleryImageSink } from '../../src/services/gallery/gallery-image-sink.ts';
import { Gallery } from '../../src/services/gallery/gallery.ts';
import { GenerationQueue } from '../../src/services/imagefx/generation-queue.ts';
import { ImageFXLibraryBackend } from '../../src/services/imagefx/imagefx-library-backend.ts';
import { classicImageService } from './classic-image-service.ts';
import { ReachabilityMonitor } from '../../src/services/imagefx/reachability.ts';
import type { AccountSummary } from '../../src/shared/auth-schemas.ts';
import type { GenerateRequest, GenerationJob } from '../../src/shared/generation-schemas.ts';
import type { AppEvent } from '../../src/shared/ipc-contract.ts';
import { AccountsWorld } from './accounts-world.ts';
import { ScriptedLoginSurfaceProvider } from './accounts-scripted-surface.ts';
import { IMAGE_FX_URL, type Emulator, type IssuedSession } from './emulator/index.ts';
import type { FakeClock } from './fake-clock.ts';
import { advanceUntil, CountedProbe, requestInFlight, runUntilIdle, TestNetwork } from './generation-queue-fixture.ts';

export const WORLD_REQUEST: GenerateRequest = { prompt: 'a quiet harbour', count: 2, aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE', seed: 42, model: 'IMAGEN_3_5' };

/** Sign-out never asks a dialog; nothing here starts over. */
const NO_DIALOGS: MainProcessDialogs = {
  chooseExportDirectory: async () => null,
  confirmWeakerStorage: async () => false,
  confirmStartOver: async () => false,
  chooseDiagnosticsFile: async () => null,
};

export class GenerationWorld {
  readonly accounts: AccountsWorld;
  readonly surfaces: ScriptedLoginSurfaceProvider;
  readonly gallery: Gallery;
  readonly queue: GenerationQueue;
  readonly reachability: ReachabilityMonitor;
  readonly network: TestNetwork;
  readonly probe: CountedProbe;
  /** Every event the window would have received. */
  readonly events: AppEvent[] = [];
  readonly #emu: Emulator;
  readonly #clock: FakeClock;
  readonly #hub: AppEventHub;
  readonly #signOut: ReturnType<typeof createAuthHandlers>['auth:sign-out'];

  private constructor(emu: Emulator, clock: FakeClock, accounts: AccountsWorld, surfaces: ScriptedLoginSurfaceProvider, gallery: Gallery) {
    this.#emu = emu;
    this.#clock = clock;
    this.accounts = accounts;
    this.surfaces = surfaces;
    this.gallery = gallery;
    this.network = new TestNetwork();
    const backend = new ImageFXLibraryBackend({ clock });
    const service = classicImageService({
      session: { getCookieHeader: () => accounts.sessions.getCookieHeader(), getToken: () => accounts.sessions.getToken(), renewToken: () => accounts.sessions.renewToken() },
      wire: backend,
      clock,
      random: () => 0.5,
    });
    this.probe = new CountedProbe((signal) => backend.reachable(signal));
    this.reachability = new ReachabilityMonitor({ network: this.network, probe: this.probe.probe, clock });
    let hub: AppEventHub | null = null;
    const sink = new GalleryImageSink({ gallery, onDidAdd: (item) => hub?.publishGalleryChange({ type: 'added', item }) });
    this.queue = new GenerationQueue({ generator: service, sink, clock, random: () => 0.5, accounts: generationAccounts(accounts.manager), reachability: this.reachability });
    hub = connectAppEvents({ accounts: accounts.manager, queue: this.queue, publish: (event) => this.events.push(event) });
    this.#hub = hub;
    this.#signOut = createAuthHandlers(accounts.manager, NO_DIALOGS, this.queue)['auth:sign-out'];
  }

  static async start(emu: Emulator, clock: FakeClock): Promise<GenerationWorld> {
    const surfaces = new ScriptedLoginSurfaceProvider();
    // No silent re-sign-in: a hidden window closes at once, so only the user's sign-ins count.
    surfaces.onOpen = (surface) => {
      if (!surface.options.visible) surface.close();
    };
    const accounts = await AccountsWorld.start({ clock, surfaces, signInIdleTimeoutMs: 60_000 });
    const gallery = await Gallery.open({ directory: path.join(accounts.userData, 'gallery'), clock, randomBytes });
    return new GenerationWorld(emu, clock, accounts, surfaces, gallery);
  }

  /** Signs `email` in through the (scripted) window, as after a completed Google sign-in. */
  async signIn(email: string): Promise<{ summary: AccountSummary; issued: IssuedSession }> {
    const attempt = this.accounts.manager.signIn();
    let surface = await this.surfaces.nextSurface();
    while (!surface.options.visible) surface = await this.surfaces.nextSurface(); // a silent re-sign-in's window
    const issued = this.#emu.control.createSession(email);
    surface.navigate(IMAGE_FX_URL);
    surface.setLabsCookies(parseCookieHeader(issued.cookieHeader));
    return { summary: await attempt, issued };
  }

  /** `auth:sign-out` through its real handler, with the choice the window's dialog returns. */
  async signOut(queuedWork: 'keep' | 'discard'): Promise<void> {
    await this.#signOut({ queuedWork });
  }

  enqueue(request: Partial<GenerateRequest> = {}): GenerationJob {
    return this.queue.enqueue({ ...WORLD_REQUEST, ...request });
  }

  job(id: string): GenerationJob {
    const job = this.queue.getJob(id);
    if (!job) throw new Error(`no job ${id}`);
    return job;
  }

  /** Runs the queue until it is idle (fake time moves only while no request is in flight). */
  drain(): Promise<void> {
    return runUntilIdle(this.queue, this.#clock, this.probe);
  }

  /** Runs the queue (fake time moves only while nothing is in flight) until `done()`. */
  runUntil(done: () => boolean, what: string): Promise<void> {
    return advanceUntil(this.#clock, done, () => requestInFlight(this.queue) || this.probe.inFlight > 0, () => `never ${what}: ${JSON.stringify(this.queue.listJobs())}`);
  }

  /** Prompts of the gallery's pictures, newest first. */
  async galleryPrompts(): Promise<string[]> {
    return (await this.gallery.page({ limit: 100 })).items.map((item) => item.prompt);
  }

  async close(): Promise<void> {
    this.#hub.dispose();
    this.queue.dispose();
    this.accounts.dispose();
    await this.gallery.close();
  }
}
