/**
 * The whole window: the sign-in screen until an account is active, then the header, the banners and
 * the pages (Create: form and the latest results; Queue; Gallery; Settings). Feeds the shared state from
 * the bridge's events and the browser's online/offline signal, and on start (or reload) from the queue
 * and the gallery themselves. Moves focus where the user's next step is when the screen changes.
 */
import { GALLERY_MAX_PAGE_SIZE } from '../shared/gallery-urls.ts';
import type { GalleryItem } from '../shared/gallery-schemas.ts';
import type { AppInfo } from '../shared/ipc-contract.ts';
import { AppState } from './app-state.ts';
import type { Bridge } from './bridge.ts';
import { toCallError } from './bridge.ts';
import { h, replaceChildren } from './dom.ts';
import { listAllJobs } from './job-pages.ts';
import { PromptHistory } from './prompt-history.ts';
import { ThemePreference } from './theme.ts';
import { BannersView } from './views/banners-view.ts';
import { GalleryView } from './views/gallery-view.ts';
import { GeneratePanel } from './views/generate-panel.ts';
import { HeaderView, PAGES, type PageName } from './views/header-view.ts';
import { JobFeedView } from './views/job-feed-view.ts';
import { QueueView } from './views/queue-view.ts';
import { SettingsView } from './views/settings-view.ts';
import { SignInView } from './views/sign-in-view.ts';
import { Toasts } from './views/toasts.ts';
import { listViewerSource, openViewer, type ViewerSource } from './views/viewer-dialog.ts';
import { windowStorage } from './window-storage.ts';

export class AppView {
  readonly #root: HTMLElement;
  readonly #bridge: Bridge;
  readonly #state = new AppState(navigator.onLine);
  readonly #toasts = new Toasts();
  readonly #header: HeaderView;
  readonly #signIn: SignInView;
  readonly #shell: HTMLElement;
  readonly #pages: Record<PageName, HTMLElement>;
  readonly #gallery: GalleryView;
  readonly #generate: GeneratePanel;
  readonly #queue: QueueView;
  readonly #settings: SettingsView;
  #page: PageName = 'create';
  #info: AppInfo | null = null;

  constructor(root: HTMLElement, bridge: Bridge) {
    this.#root = root;
    this.#bridge = bridge;
    const state = this.#state;
    const toasts = this.#toasts;
    const storage = windowStorage();
    const theme = new ThemePreference(storage, document.documentElement);
    theme.apply();
    this.#header = new HeaderView(state, bridge, toasts, (page) => this.select(page));
    this.#signIn = new SignInView(state, bridge, toasts);
    this.#generate = new GeneratePanel(state, bridge, toasts, new PromptHistory(storage));
    this.#queue = new QueueView(state, bridge, toasts);
    // The vault's "start over" channel is added separately; until then the Settings page has no button for it.
    this.#settings = new SettingsView({ state, bridge, toasts, theme });
    const feed: JobFeedView = new JobFeedView(state, bridge, toasts, (item) => this.#open(item, feedSource), () => {
      this.select('queue');
      this.#queue.focus();
    });
    const feedSource: ViewerSource = listViewerSource(
      () => feed.items(),
      (id) => {
        const thumb = id === null ? null : feed.element.querySelector<HTMLElement>(`.thumb[data-id="${CSS.escape(id)}"]`);
        (thumb ?? feed.element.querySelector<HTMLElement>('#job-feed'))?.focus();
      },
    );
    const gallery: GalleryView = new GalleryView({
      state,
      bridge,
      toasts,
      open: (item) => this.#open(item, gallery.viewerSource()),
      reuse: (item) => this.#reuse(item),
    });
    this.#gallery = gallery;
    const page = (name: PageName, children: HTMLElement[]): HTMLElement =>
      h('main', { class: `page page-${name}`, attrs: { id: `page-${name}`, role: 'tabpanel', 'aria-labelledby': `tab-${name}` } }, children);
    this.#pages = {
      create: page('create', [h('aside', { class: 'sidebar' }, [this.#generate.element]), h('div', { class: 'content' }, [feed.element])]),
      queue: page('queue', [this.#queue.element]),
      gallery: page('gallery', [this.#gallery.element]),
      settings: page('settings', [this.#settings.element]),
    };
    this.#shell = h('div', { class: 'app-shell' }, [
      this.#header.element,
      new BannersView(state, bridge, toasts, () => this.#nextStep()).element,
      ...PAGES.map((entry) => this.#pages[entry.name]),
    ]);
    state.subscribe('auth', () => this.#render());
    window.addEventListener('online', () => state.setOnline(true));
    window.addEventListener('offline', () => state.setOnline(false));
    document.addEventListener('keydown', (event) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'f' && this.#shell.isConnected) {
        event.preventDefault();
        this.select('gallery');
        this.#gallery.focusSearch();
      }
    });
    this.select('create');
  }

  /** Subscribes to events, then loads the first state (events first, so nothing between is missed). */
  async start(): Promise<void> {
    this.#bridge.onEvent((event) => this.#state.apply(event));
    document.body.appendChild(this.#toasts.element);
    try {
      // The queue and the gallery are asked, not remembered: after a reload the feed has its pictures again.
      const [info, auth, queue, saved, indexing, exporting] = await Promise.all([
        this.#bridge.invoke('app:info'),
        this.#bridge.invoke('auth:snapshot'),
        listAllJobs(this.#bridge),
        this.#bridge.invoke('gallery:page', { limit: GALLERY_MAX_PAGE_SIZE }),
        this.#bridge.invoke('gallery:index-progress'),
        this.#bridge.invoke('gallery:export-status'),
      ]);
      this.#state.seedGalleryWork(indexing, exporting);
      this.#info = info;
      this.#header.setDemo(info.demo);
      document.title = info.demo ? 'ImageFX Desktop (demo)' : 'ImageFX Desktop';
      this.#state.setQueue(queue);
      this.#state.addSavedResults(saved.items);
      this.#state.setAuth(auth);
    } catch (failure) {
      this.#toasts.error(toCallError(failure));
    }
  }

  select(page: PageName): void {
    this.#page = page;
    this.#header.select(page);
    for (const [name, element] of Object.entries(this.#pages)) element.hidden = name !== page;
    this.#gallery.setVisible(page === 'gallery' && this.#shell.isConnected);
    if (page === 'settings' && this.#shell.isConnected) void this.#settings.load(this.#info);
  }

  #render(): void {
    const auth = this.#state.auth;
    const signedIn = auth?.activeAccount !== null && auth?.activeAccount !== undefined && auth.state !== 'signed-out';
    const view = signedIn ? this.#shell : this.#signIn.element;
    if (this.#root.firstElementChild !== view) {
      const first = this.#root.firstElementChild === null;
      replaceChildren(this.#root, [view]);
      this.select(this.#page);
      // Signed in: the prompt is the next step. Signed out: the sign-in button. (Not on the first draw,
      // where the page's own start decides.)
      if (!first) {
        if (signedIn) this.#nextStep()?.focus();
        else this.#signIn.focus();
      }
    }
  }

  /** Where the user goes on from here: the prompt on the Create page, else the page's tab. */
  #nextStep(): HTMLElement | null {
    return this.#page === 'create' ? document.getElementById('prompt') : document.getElementById(`tab-${this.#page}`);
  }

  /** Fills the Create page's form with an image's settings and shows it. */
  #reuse(item: GalleryItem): void {
    this.select('create');
    this.#generate.applySettings(item);
  }

  #open(item: GalleryItem, source: ViewerSource): void {
    openViewer(
      {
        bridge: this.#bridge,
        toasts: this.#toasts,
        reuse: (settings) => this.#reuse(settings),
      },
      item,
      source,
    );
  }
}
