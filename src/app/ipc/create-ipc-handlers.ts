/**
 * The handler table for every channel of the contract, built from the app's services. The `satisfies`
 * check makes a missing or mistyped channel a compile error.
 */
import { createAuthHandlers } from './auth-handlers.ts';
import { createDiagnosticsHandlers } from './diagnostics-handlers.ts';
import { createGalleryHandlers } from './gallery-handlers.ts';
import { createGenerationHandlers } from './generation-handlers.ts';
import type { IpcHandlerTable } from './ipc-handler-table.ts';
import type { IpcServices } from './ipc-ports.ts';

export function createIpcHandlers(services: IpcServices): IpcHandlerTable {
  const { settings, dialogs } = services;
  return {
    'app:info': () => services.appInfo,
    ...createAuthHandlers(services.accounts, dialogs, services.queue),
    ...createGenerationHandlers(services),
    ...createGalleryHandlers(services),
    'settings:get': () => settings.get(),
    'settings:set-user-agent-strategy': (strategy) => settings.setUserAgentStrategy(strategy),
    // The user must say yes in a main-process dialog: the page asking is not the user agreeing.
    'settings:opt-in-weaker-storage': async () => ((await dialogs.confirmWeakerStorage()) ? settings.optInToWeakerStorage() : settings.get()),
    ...createDiagnosticsHandlers(services),
  } satisfies IpcHandlerTable;
}
