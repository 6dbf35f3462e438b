/**
 * The renderer figure (issue #16): the built renderer (the e2e build, tests/support/e2e-renderer-build.ts)
 * in Chromium, 1280×800 at scale 1, its gallery holding `rendererItems` images (renderer-fake-bridge.ts
 * answers for the main process). The page scrolls the gallery continuously at a reading-fast speed, with
 * jumps to a quarter, half, three quarters and the end of the whole gallery on the way (as a dragged
 * scroll bar does), while it records every long task (PerformanceObserver `longtask`: main-thread work
 * over 50 ms), the time between frames (requestAnimationFrame) and the elements in the document. The same
 * walk over 1,000 images gives the element count that 100k must not exceed by much: the page is bounded.
 */
import type { Browser, Page } from 'playwright-core';
import { rmSync } from 'node:fs';
import { launchStableChromium } from '../tests/support/chromium-stable-rendering.ts';
import { E2E_ENTRY_URL, openE2eAppPage } from '../tests/support/e2e-app-page.ts';
import { buildE2eRenderer } from '../tests/support/e2e-renderer-build.ts';
import type { BenchOptions } from './bench-options.ts';
import { fakeThumbnails, RendererFakeBridge } from './renderer-fake-bridge.ts';
import { percentile, round } from './stats.ts';

export interface RendererFigures {
  readonly items: number;
  /** Long tasks (over 50 ms) on the page's main thread while scrolling, and the longest (0 when none). */
  readonly longTasks: number;
  readonly longTaskMsMax: number;
  readonly frameMsP50: number;
  readonly frameMsP95: number;
  readonly frameMsMax: number;
  readonly frames: number;
  /** Elements in the whole document, the most seen while scrolling `items` images, and 1,000. */
  readonly domNodesMax: number;
  readonly domNodesMax1k: number;
  /** Grid tiles in the page, the most seen. */
  readonly gridCellsMax: number;
  readonly scrolledPx: number;
  readonly scrollHeightPx: number;
  /** Page requests the grid made on the walk (each a block of 60). */
  readonly pageRequests: number;
  /** From the Gallery tab's click to the first tiles drawn with their pictures, ms. */
  readonly firstTilesMs: number;
  /**
   * CPU time the page's main thread spent on tasks while scrolling, per frame (Chromium's own count in
   * thread time: waiting for a core does not count). What the window's work costs, apart from the machine's load.
   */
  readonly mainThreadCpuMsPerFrame: number;
  /** The same as a share of the walk's wall time. */
  readonly mainThreadCpuShare: number;
}

/** Scroll speed: a mouse wheel turned fast and kept turning (about three screens a second). */
const SCROLL_PX_PER_SECOND = 2_000;
/** Where the walk jumps to, as fractions of the whole gallery (a dragged scroll bar). */
const JUMPS = [0.25, 0.5, 0.75, 1];
const SMALL_GALLERY = 1_000;

interface Walk {
  readonly longTasks: number[];
  readonly frames: number[];
  readonly domNodesMax: number;
  readonly gridCellsMax: number;
  readonly scrolledPx: number;
  readonly scrollHeightPx: number;
}

export async function runRendererBench(options: BenchOptions): Promise<RendererFigures> {
  options.log(`renderer: scroll a ${options.rendererItems.toLocaleString('en-US')}-image gallery in Chromium for ${options.rendererScrollMs / 1000} s`);
  const rendererDir = await buildE2eRenderer();
  let browser: Browser | undefined;
  try {
    browser = await launchStableChromium();
    const thumbnails = await fakeThumbnails();
    const large = await walkGallery(browser, rendererDir, new RendererFakeBridge(options.rendererItems), thumbnails, options.rendererScrollMs);
    const small = await walkGallery(browser, rendererDir, new RendererFakeBridge(Math.min(SMALL_GALLERY, options.rendererItems)), thumbnails, options.rendererScrollMs / 4);
    const frames = large.walk.frames;
    const walkMs = frames.reduce((sum, frame) => sum + frame, 0);
    return {
      items: options.rendererItems,
      longTasks: large.walk.longTasks.length,
      longTaskMsMax: round(Math.max(0, ...large.walk.longTasks), 1),
      frameMsP50: round(percentile(frames, 50), 2),
      frameMsP95: round(percentile(frames, 95), 2),
      frameMsMax: round(Math.max(...frames), 1),
      frames: frames.length,
      domNodesMax: large.walk.domNodesMax,
      domNodesMax1k: small.walk.domNodesMax,
      gridCellsMax: large.walk.gridCellsMax,
      scrolledPx: Math.round(large.walk.scrolledPx),
      scrollHeightPx: large.walk.scrollHeightPx,
      pageRequests: large.pageRequests,
      firstTilesMs: round(large.firstTilesMs, 1),
      mainThreadCpuMsPerFrame: round(large.mainThreadCpuMs / frames.length, 2),
      mainThreadCpuShare: round(large.mainThreadCpuMs / walkMs, 3),
    };
  } finally {
    await browser?.close();
    rmSync(rendererDir, { recursive: true, force: true });
  }
}

async function walkGallery(
  browser: Browser,
  rendererDir: string,
  bridge: RendererFakeBridge,
  galleryProtocol: Awaited<ReturnType<typeof fakeThumbnails>>,
  durationMs: number,
): Promise<{ walk: Walk; pageRequests: number; firstTilesMs: number; mainThreadCpuMs: number }> {
  const app = await openE2eAppPage({ browser, rendererDir, bridge, galleryProtocol });
  const errors: string[] = [];
  app.page.on('pageerror', (error) => errors.push(error.message));
  try {
    await app.page.goto(E2E_ENTRY_URL);
    await app.page.locator('#account-button').waitFor();
    const clicked = performance.now();
    await app.page.getByRole('tab', { name: 'Gallery' }).click();
    await app.page.locator('#gallery-status').getByText(`${bridge.items.length.toLocaleString('en-US')} images`, { exact: true }).waitFor();
    await firstTilesDrawn(app.page);
    const firstTilesMs = performance.now() - clicked;
    const pagesBefore = (bridge.calls.get('gallery:page') ?? 0) + (bridge.calls.get('gallery:search') ?? 0);
    // Chromium's task durations in thread time (CPU the main thread used), not wall time.
    const devtools = await app.context.newCDPSession(app.page);
    await devtools.send('Performance.enable', { timeDomain: 'threadTicks' });
    const taskSeconds = async (): Promise<number> =>
      (await devtools.send('Performance.getMetrics')).metrics.find((metric) => metric.name === 'TaskDuration')?.value ?? Number.NaN;
    const cpuBefore = await taskSeconds();
    const walk = await app.page.evaluate(scrollWalk, { durationMs, pxPerSecond: SCROLL_PX_PER_SECOND, jumps: JUMPS });
    const mainThreadCpuMs = ((await taskSeconds()) - cpuBefore) * 1000;
    await devtools.detach();
    if (errors.length > 0 || bridge.unanswered.length > 0) throw new Error(`the window failed: ${[...errors, ...bridge.unanswered].join('; ')}`);
    const pageRequests = (bridge.calls.get('gallery:page') ?? 0) + (bridge.calls.get('gallery:search') ?? 0) - pagesBefore;
    return { walk, pageRequests, firstTilesMs, mainThreadCpuMs };
  } finally {
    await app.close();
  }
}

/** Waits until the tiles in view show their pictures. */
async function firstTilesDrawn(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const images = Array.from(document.querySelectorAll<HTMLImageElement>('#gallery-grid .grid-cell:not([hidden]) img')).filter((image) => image.getBoundingClientRect().top < window.innerHeight);
    return images.length > 0 && images.every((image) => image.complete && image.naturalWidth > 0);
  });
}

/**
 * Runs in the page: scrolls the gallery for `durationMs` at `pxPerSecond`, jumping at even intervals to the
 * given fractions of its height, and reports long tasks, frame intervals and the most elements seen.
 */
async function scrollWalk({ durationMs, pxPerSecond, jumps }: { durationMs: number; pxPerSecond: number; jumps: number[] }): Promise<Walk> {
  const scroller = document.querySelector<HTMLElement>('.gallery')!;
  const longTasks: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longTasks.push(entry.duration);
  });
  observer.observe({ type: 'longtask' });
  const frames: number[] = [];
  let domNodesMax = 0;
  let gridCellsMax = 0;
  let scrolledPx = 0;
  const count = (): void => {
    domNodesMax = Math.max(domNodesMax, document.getElementsByTagName('*').length);
    gridCellsMax = Math.max(gridCellsMax, document.querySelectorAll('#gallery-grid .grid-cell').length);
  };
  await new Promise<void>((resolve) => {
    let start = 0;
    let last = 0;
    let jumped = 0;
    const tick = (now: number): void => {
      if (start === 0) {
        start = last = now;
        requestAnimationFrame(tick);
        return;
      }
      const interval = now - last;
      last = now;
      frames.push(interval);
      const elapsed = now - start;
      const jump = jumps[jumped];
      if (jump !== undefined && elapsed >= ((jumped + 1) * durationMs) / (jumps.length + 1)) {
        jumped += 1;
        scroller.scrollTop = jump * (scroller.scrollHeight - scroller.clientHeight);
      } else {
        const before = scroller.scrollTop;
        scroller.scrollTop = before + (pxPerSecond * interval) / 1000;
        scrolledPx += scroller.scrollTop - before;
        // At the end: back to the middle, and on.
        if (scroller.scrollTop === before) scroller.scrollTop = scroller.scrollHeight / 2;
      }
      if (frames.length % 20 === 0) count();
      if (elapsed < durationMs) requestAnimationFrame(tick);
      else resolve();
    };
    requestAnimationFrame(tick);
  });
  count();
  // Long tasks are reported a little after they end.
  await new Promise((resolve) => setTimeout(resolve, 200));
  observer.disconnect();
  return { longTasks, frames, domNodesMax, gridCellsMax, scrolledPx, scrollHeightPx: scroller.scrollHeight };
}
