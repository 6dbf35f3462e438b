/**
 * The desktop around the app, for the gallery's "show in folder" and "copy image": Electron's `shell` and
 * clipboard behind the {@link DesktopIntegration} port, so the handlers stay Electron-free.
 */
import type { Clipboard, ClipboardItem, Shell } from 'electron';
import type { DesktopIntegration } from '../ipc/ipc-ports.ts';

export interface DesktopIntegrationOptions {
  readonly shell: Pick<Shell, 'showItemInFolder'>;
  readonly clipboard: Pick<Clipboard, 'write'>;
  readonly ClipboardItem: new (items: Record<string, Blob>) => ClipboardItem;
}

/** The picture's type from its first bytes (the gallery keeps PNG, and JPEG where Google sent one). */
function pictureType(bytes: Uint8Array): string {
  return bytes[0] === 0xff && bytes[1] === 0xd8 ? 'image/jpeg' : 'image/png';
}

export function createDesktopIntegration({ shell, clipboard, ClipboardItem }: DesktopIntegrationOptions): DesktopIntegration {
  return {
    showItemInFolder: (fullPath) => shell.showItemInFolder(fullPath),
    copyImage: async (bytes) => {
      const type = pictureType(bytes);
      await clipboard.write([new ClipboardItem({ [type]: new Blob([bytes as Uint8Array<ArrayBuffer>], { type }) })]);
    },
  };
}
