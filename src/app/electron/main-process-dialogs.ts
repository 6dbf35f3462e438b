/**
 * The dialogs behind `gallery:export` (a folder) and `diagnostics:export` (a file), shown by the main
 * process over the main window. The renderer never names a path: it asks, and the user picks.
 */
import type { BaseWindow, Dialog, OpenDialogOptions, SaveDialogOptions } from 'electron';
import type { MainProcessDialogs } from '../ipc/ipc-ports.ts';

export interface ElectronDialogsOptions {
  readonly dialog: Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>;
  /** The window the dialogs are modal to (the main window), or `null`. */
  readonly parent: () => BaseWindow | null;
}

export function createElectronDialogs({ dialog, parent }: ElectronDialogsOptions): MainProcessDialogs {
  const pick = async (options: OpenDialogOptions): Promise<string | null> => {
    const window = parent();
    const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  };
  const save = async (options: SaveDialogOptions): Promise<string | null> => {
    const window = parent();
    const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
    return result.canceled || !result.filePath ? null : result.filePath;
  };
  return {
    chooseExportDirectory: () =>
      pick({ title: 'Export images to…', buttonLabel: 'Export here', properties: ['openDirectory', 'createDirectory'] }),
    chooseDiagnosticsFile: () =>
      save({
        title: 'Export diagnostics',
        buttonLabel: 'Export',
        defaultPath: 'imagefx-diagnostics.json',
        filters: [{ name: 'JSON', extensions: ['json'] }],
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      }),
  };
}
