/**
 * The whole window: the sign-in screen until an account is active, then the header, the banners and
 * the two pages (Create: form, queue and results; Gallery). Feeds the shared state from the bridge's
 * events and the browser's online/offline signal.
 */
import type { GalleryItem } from '../shared/gallery-schemas.ts';
import { AppState } from './app-state.ts';
import type { Bridge } from './bridge.ts';
import { toCallError } from './bridge.ts';
import { h, replaceChildren } from './dom.ts';
import { listAllJobs } from './job-pages.ts';
import { BannersView } from './views/banners-view.ts';
import { GalleryView } from './views/gallery-view.ts';
import { GeneratePanel } from './views/generate-panel.ts';
import { HeaderView, type PageName } from './views/header-view.ts';
import { JobFeedView } from './views/job-feed-view.ts';
import { SignInView } from './views/sign-in-view.ts';
import { Toasts } from './views/toasts.ts';
import { openViewer } from './views/viewer-dialog.ts';

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
  #page: PageName = 'create';

  constructor(root: HTMLElement, bridge: Bridge) {
    this.#root = root;
    this.#bridge = bridge;
    const state = this.#state;
    const toasts = this.#toasts;
    this.#header = new HeaderView(state, bridge, toasts, (page) => this.select(page));
    this.#signIn = new SignInView(state, bridge, toasts);
    this.#generate = new GeneratePanel(state, bridge, toasts);
    const feed: JobFeedView = new JobFeedView(state, bridge, toasts, (item) => this.#open(item, () => feed.items()));
    const gallery: GalleryView = new GalleryView(state, bridge, toasts, (item) => this.#open(item, () => gallery.items()));
    this.#gallery = gallery;
    this.#pages = {
      create: h('main', { class: 'page page-create', attrs: { id: 'page-create', role: 'tabpanel', 'aria-labelledby': 'tab-create' } }, [
        h('aside', { class: 'sidebar' }, [this.#generate.element]),
        h('div', { class: 'content' }, [feed.element]),
      ]),
      gallery: h('main', { class: 'page page-gallery', attrs: { id: 'page-gallery', role: 'tabpanel', 'aria-labelledby': 'tab-gallery' } }, [
        this.#gallery.element,
      ]),
    };
    this.#shell = h('div', { class: 'app-shell' }, [this.#header.element, new BannersView(state, bridge, toasts).element, this.#pages.create, this.#pages.gallery]);
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
      const [info, auth, queue] = await Promise.all([this.#bridge.invoke('app:info'), this.#bridge.invoke('auth:snapshot'), listAllJobs(this.#bridge)]);
      this.#header.setDemo(info.demo);
      document.title = info.demo ? 'ImageFX Desktop (demo)' : 'ImageFX Desktop';
      this.#state.setQueue(queue);
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
  }

  #render(): void {
    const auth = this.#state.auth;
    const signedIn = auth?.activeAccount !== null && auth?.activeAccount !== undefined && auth.state !== 'signed-out';
    const view = signedIn ? this.#shell : this.#signIn.element;
    if (this.#root.firstElementChild !== view) {
      replaceChildren(this.#root, [view]);
      this.select(this.#page);
    }
  }

  #open(item: GalleryItem, siblings?: () => readonly GalleryItem[]): void {
    openViewer(
      {
        bridge: this.#bridge,
        toasts: this.#toasts,
        reuse: (settings) => {
          this.select('create');
          this.#generate.applySettings(settings);
        },
      },
      item,
      siblings,
    );
  }
}
