/**
 * The application menu of a packaged build: only what a user needs — the app menu on macOS (About, Hide,
 * Quit), Edit (undo, cut, copy, paste, select all: text fields need it, on macOS above all) and Window.
 * No View menu, so no Reload, Force Reload or Toggle Developer Tools (issue 15, row 10); DevTools are also
 * off in every window (`webPreferences.devTools: false`). Development builds keep Electron's default menu.
 */
import type { MenuItemConstructorOptions } from 'electron';

export function packagedMenuTemplate(platform: NodeJS.Platform): MenuItemConstructorOptions[] {
  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };
  if (platform === 'darwin') {
    return [
      { role: 'appMenu', submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }] },
      edit,
      { role: 'windowMenu', submenu: [{ role: 'minimize' }, { role: 'zoom' }, { type: 'separator' }, { role: 'front' }] },
    ];
  }
  return [
    { label: 'File', submenu: [{ role: 'quit' }] },
    edit,
    { label: 'Window', submenu: [{ role: 'minimize' }, { role: 'close' }] },
  ];
}
