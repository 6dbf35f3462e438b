/**
 * The queue at 500 prompts, in Chromium through the real handlers, queue and emulator (harness:
 * app-scenario.test.ts): the batch dialog previews what a file makes and refuses one over the cap before
 * anything is queued; a 500-job CSV with "one image per prompt" is queued at once; the feed and the Queue
 * count every job; the Queue keeps only the rows in view in the page yet every job is reachable by
 * scrolling and by keyboard; jobs move, are removed and cancelled with focus landing on the job concerned;
 * "Retry failed" puts the failed ones back at the end of the line.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { NO_PACING } from '../support/generation-queue-fixture.ts';
import { RUN_IMAGEFX, withE2eApp } from '../support/e2e-fixture.ts';
import { captureScreen } from '../support/e2e-screens.ts';
import { focused, openWatchedApp, signInWithCookieIfNeeded } from '../support/e2e-workbench.ts';

// About the Queue page, not the pause between generations (tests/e2e/waits-and-accounts.test.ts shows that).
const e2e = withE2eApp({ pacing: NO_PACING });
/** How long the emulator holds each generation, on the fake clock the app shares. */
const LATENCY_MS = 4_000;
/** Rows the Queue may keep in the page: a window's worth plus a few either side, never the whole list. */
const MAX_ROWS_IN_PAGE = 40;

const studies = (lines: number): string => Array.from({ length: lines }, (_, index) => `Study ${index + 1} of a lighthouse at {dawn|dusk}`).join('\n');
const studiesCsv = (rows: number): string =>
  ['prompt,aspect,count', ...Array.from({ length: rows }, (_, index) => `"Harbour ${index + 1}, {calm|stormy} sea",${index % 2 === 0 ? '16:9' : ''},`)].join('\r\n');

/** Lets the virtual list redraw after a scroll (it draws on the next animation frame). */
const nextFrames = (page: Page): Promise<void> => page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
const rowIds = (list: Locator): Promise<string[]> => list.locator('.queue-row').evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.jobId ?? ''));

describe('the queue at 500 prompts', () => {
  it('previews a batch, queues 500 jobs, counts them all, reaches every one, moves, removes, cancels and retries the failed', async () => {
    const { app, page, expectClean } = await openWatchedApp(e2e);
    const { emu, stack, clock } = e2e;
    await signInWithCookieIfNeeded(page, emu);

    // The preview says what a file makes before anything is queued; over the cap it cannot be queued.
    await page.locator('#open-batch').click();
    const dialog = page.getByRole('dialog', { name: 'Queue a batch' });
    const summary = dialog.locator('#batch-summary');
    await dialog.locator('#batch-file').setInputFiles({ name: 'too-many.txt', mimeType: 'text/plain', buffer: Buffer.from(studies(251)) });
    await summary.getByText('This file makes 502 jobs (2008 images).').waitFor();
    await dialog.locator('#batch-problems').getByText('This batch makes 502 jobs; one batch queues at most 500. Split it into smaller files.').waitFor();
    expect(await dialog.locator('#batch-queue').isDisabled()).toBe(true);
    await dialog.locator('#batch-file').setInputFiles({ name: 'bad-line.txt', mimeType: 'text/plain', buffer: Buffer.from('fine\nnot fine --count 12\n') });
    await dialog.locator('#batch-problems').getByText('Line 2: --count must be a whole number from 1 to 8 (not “12”).').waitFor();
    expect(await dialog.locator('#batch-queue').isDisabled()).toBe(true);

    // 250 CSV rows with a wildcard of two options: 500 jobs; "one image per prompt" makes each ask for one.
    await dialog.locator('#batch-file').setInputFiles({ name: 'harbours.csv', mimeType: 'text/csv', buffer: Buffer.from(studiesCsv(250)) });
    await summary.getByText('This file makes 500 jobs (2000 images).').waitFor();
    await dialog.getByLabel(/One image per prompt/).check();
    await summary.getByText('This file makes 500 jobs (500 images).').waitFor();
    expect(await dialog.locator('.batch-preview li').allTextContents()).toEqual([
      'Harbour 1, calm sea', 'Harbour 1, stormy sea', 'Harbour 2, calm sea', 'Harbour 2, stormy sea', 'Harbour 3, calm sea', '…and 495 more',
    ]);
    await captureScreen(page, 'batch-preview');
    expect(stack.queue.listJobs()).toEqual([]);

    // Queue it: the first two generations are refused (and fail), the third is held by the emulator.
    emu.control.setLatency(LATENCY_MS, RUN_IMAGEFX.host);
    emu.control.queueFault({ kind: 'unsafe-generation' }, { times: 2 });
    const before = emu.requests.count(RUN_IMAGEFX);
    await dialog.getByRole('button', { name: 'Queue 500 jobs' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('Queued 500 jobs').waitFor();
    for (const made of [1, 2]) {
      await expect.poll(() => emu.requests.count(RUN_IMAGEFX) - before).toBe(made);
      await clock.advance(LATENCY_MS);
    }
    await expect.poll(() => emu.requests.count(RUN_IMAGEFX) - before).toBe(3);
    const jobs = stack.queue.listJobs();
    expect(jobs).toHaveLength(500);
    expect(jobs.slice(0, 2).map((job) => [job.request.prompt, job.request.count, job.request.aspectRatio])).toEqual([
      ['Harbour 1, calm sea', 1, 'IMAGE_ASPECT_RATIO_LANDSCAPE'],
      ['Harbour 1, stormy sea', 1, 'IMAGE_ASPECT_RATIO_LANDSCAPE'],
    ]);
    expect(jobs[2]!.request.aspectRatio).toBe('IMAGE_ASPECT_RATIO_SQUARE'); // an empty cell: the form's ratio

    // The feed counts the whole queue and says what it leaves to the Queue page.
    await page.locator('.feed-summary').getByText('1 generating · 497 waiting').waitFor();
    await page.locator('.feed-more').getByText('492 more in line are not shown here.').waitFor();

    // The Queue: true counts; only the rows in view are in the page, each knows its place of 500.
    await page.locator('#feed-open-queue').click();
    await page.getByRole('tab', { name: 'Queue', selected: true }).waitFor();
    const list = page.locator('#queue-list');
    await page.locator('#queue-summary').getByText('500 jobs: 1 generating · 497 waiting · 2 failed').waitFor();
    expect(await focused(page)).toMatchObject({ jobId: 'job-3' }); // "Open the queue" lands on the running job
    const firstRow = list.locator('.queue-row').first();
    expect(await firstRow.getAttribute('aria-setsize')).toBe('500');
    expect(await firstRow.getAttribute('aria-label')).toBe('Harbour 2, calm sea, Generating');
    expect(await list.locator('.queue-row').nth(1).getAttribute('aria-label')).toBe('Harbour 2, stormy sea, Waiting, 1 in line');
    await captureScreen(page, 'queue');

    // Every job is reachable by scrolling, a screenful at a time, while the page never holds them all.
    const seen = new Set<string>();
    let mostRows = 0;
    for (;;) {
      const ids = await rowIds(list);
      mostRows = Math.max(mostRows, ids.length);
      for (const id of ids) seen.add(id);
      const atEnd = await list.evaluate((element) => element.scrollTop + element.clientHeight >= element.scrollHeight - 1);
      if (atEnd) break;
      await list.evaluate((element) => element.scrollBy(0, element.clientHeight));
      await nextFrames(page);
    }
    expect(seen).toEqual(new Set(jobs.map((job) => job.id)));
    expect(mostRows).toBeLessThanOrEqual(MAX_ROWS_IN_PAGE);

    // And by keyboard: Home, End, arrows, PageDown move focus through all 500 rows.
    await list.evaluate((element) => element.scrollTo(0, 0));
    await nextFrames(page);
    await list.locator('.queue-row').first().focus();
    const place = async (): Promise<string | null> => page.evaluate(() => document.activeElement?.getAttribute('aria-posinset') ?? null);
    await page.keyboard.press('End');
    expect(await place()).toBe('500');
    await page.keyboard.press('Home');
    expect(await place()).toBe('1');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('PageDown');
    expect(Number(await place())).toBeGreaterThan(3);
    expect(await list.locator('.queue-row').count()).toBeLessThanOrEqual(MAX_ROWS_IN_PAGE);

    // Retry failed: both failed jobs go back in line, at its end.
    await page.locator('#queue-retry-failed').click();
    await page.locator('#queue-summary').getByText('500 jobs: 1 generating · 499 waiting').waitFor();
    const waiting = (): string[] => stack.queue.listJobs().filter((job) => job.status === 'queued').map((job) => job.id);
    expect(waiting().slice(-2)).toEqual(['job-1', 'job-2']);

    // Move the last job to the top: it becomes the next to run, scrolled into view, and keeps focus.
    await list.locator('.queue-row').first().focus();
    await page.keyboard.press('End');
    const last = list.locator('[data-job-id="job-2"]');
    expect(await last.getAttribute('aria-label')).toBe('Harbour 1, stormy sea, Waiting, 499 in line');
    await last.getByRole('button', { name: 'Move to the top' }).click();
    await expect.poll(() => waiting()[0]).toBe('job-2');
    await expect.poll(() => last.getAttribute('aria-label')).toBe('Harbour 1, stormy sea, Waiting, 1 in line');
    expect(await focused(page)).toMatchObject({ jobId: 'job-2' });
    expect(await last.isVisible()).toBe(true);
    // Move down one place: focus stays on the button pressed.
    await last.getByRole('button', { name: 'Move down' }).click();
    await expect.poll(() => waiting().slice(0, 2)).toEqual(['job-4', 'job-2']);
    expect(await focused(page)).toMatchObject({ jobId: 'job-2', label: 'Move down' });

    // Cancel a waiting job: its Cancel button goes, focus stays on its row.
    await last.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => stack.queue.getJob('job-2')?.status).toBe('cancelled');
    await expect.poll(() => focused(page)).toMatchObject({ jobId: 'job-2', tag: 'div' });
    // Remove it (the newest finished job: the last row): focus moves to the job now in its place, the last.
    expect(await last.getAttribute('aria-posinset')).toBe('500');
    await last.getByRole('button', { name: 'Remove from the list' }).click();
    await expect.poll(() => stack.queue.getJob('job-2')).toBeUndefined();
    await expect.poll(async () => page.evaluate(() => document.activeElement?.getAttribute('aria-posinset'))).toBe('499');
    // Remove a waiting job from the middle: focus moves to the one that took its place.
    await list.locator('.queue-row').first().focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const middle = await focused(page);
    const next = stack.queue.listJobs().filter((job) => job.status === 'queued')[2]!.id;
    await list.locator(`[data-job-id="${middle.jobId}"]`).getByRole('button', { name: 'Remove from the list' }).click();
    await expect.poll(() => focused(page)).toMatchObject({ jobId: next, tag: 'div' });
    await page.locator('#queue-summary').getByText('498 jobs: 1 generating · 497 waiting').waitFor();

    stack.queue.cancelAll();
    emu.control.clearLatency();
    await page.locator('#queue-summary').getByText('498 jobs: 498 cancelled').waitFor();
    await page.locator('#queue-clear-finished').click();
    await list.waitFor({ state: 'hidden' });
    expect(stack.queue.listJobs()).toEqual([]);
    expectClean();
    await app.close();
  });
});
