/**
 * Steps the end-to-end tests take through the workbench's dialogs, as a user would: queue a batch from a
 * file (checking the preview first), describe a picture.
 */
import type { Page } from 'playwright-core';

/** Opens "Batch…", picks `name` with `text`, waits for the preview to say `preview`, and queues it. */
export async function queueBatchFile(page: Page, name: string, text: string, preview: string | RegExp): Promise<void> {
  await page.locator('#open-batch').click();
  const dialog = page.getByRole('dialog', { name: 'Queue a batch' });
  await dialog.locator('#batch-file').setInputFiles({ name, mimeType: name.endsWith('.csv') ? 'text/csv' : 'text/plain', buffer: Buffer.from(text) });
  await dialog.locator('#batch-summary').getByText(preview).waitFor();
  await dialog.locator('#batch-queue').click();
  await dialog.waitFor({ state: 'detached' });
}
