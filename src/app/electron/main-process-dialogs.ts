/**
 * Dialogs shown by the main process over the main window: the folder behind `gallery:export` and the file
 * behind `diagnostics:export` (the renderer never names a path: it asks, and the user picks), and the
 * confirmations a page must not be able to give on the user's behalf (weaker storage, starting the vault
 * over).
 */
import type { BaseWindow, Dialog, MessageBoxOptions, OpenDialogOptions, SaveDialogOptions } from 'electron';
import type { MainProcessDialogs } from '../ipc/ipc-ports.ts';

export interface ElectronDialogsOptions {
  readonly dialog: Pick<Dialog, 'showOpenDialog' | 'showSaveDialog' | 'showMessageBox'>;
  /** The window the dialogs are modal to (the main window), or `null`. */
  readonly parent: () => BaseWindow | null;
}

export function createElectronDialogs({ dialog, parent }: ElectronDialogsOptions): MainProcessDialogs {
  const pick = async (options: OpenDialogOptions): Promise<string | null> => {
    const window = parent();
    const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  };
  /** True when the user picked the button at `yes`; Escape or closing picks the first (the safe one). */
  const confirm = async (options: MessageBoxOptions, yes: number): Promise<boolean> => {
    const window = parent();
    const full: MessageBoxOptions = { ...options, defaultId: 0, cancelId: 0, noLink: true };
    const result = window ? await dialog.showMessageBox(window, full) : await dialog.showMessageBox(full);
    return result.response === yes;
  };
  const save = async (options: SaveDialogOptions): Promise<string | null> => {
    const window = parent();
    const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
    return result.canceled || !result.filePath ? null : result.filePath;
  };
  return {
    chooseExportDirectory: () =>
      pick({ title: 'Export images to…', buttonLabel: 'Export here', properties: ['openDirectory', 'createDirectory'] }),
    confirmWeakerStorage: () =>
      confirm({
        type: 'warning',
        title: 'Allow weaker storage?',
        message: 'Keep your session on disk without a system keyring?',
        detail:
          'No system keyring (gnome-keyring or KWallet) was found. With weaker storage, your Google session is written ' +
          "to disk encrypted with Chromium's basic_text key, which is well known: anyone who can read your files can " +
          'use your session. Without it, you sign in again each time the app starts.',
        buttons: ['Keep in memory only', 'Allow weaker storage'],
      }, 1),
    confirmStartOver: () =>
      confirm({
        type: 'warning',
        title: 'Start over?',
        message: 'Set the saved session aside and sign in again?',
        detail:
          "The saved session's key was not written by this system's keychain as it is now, so the app does not use it. " +
          'Starting over moves it to the quarantine folder (nothing is deleted) and forgets its accounts; you then sign in again.',
        buttons: ['Cancel', 'Start over'],
      }, 1),
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
