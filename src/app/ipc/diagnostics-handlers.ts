/**
 * `diagnostics:export`: the app's redacted diagnostic captures (e.g. "Google changed the Flow page"),
 * written to a file the user picks in a main-process dialog — never to a path the renderer names.
 */
import type { DomainHandlers } from './ipc-handler-table.ts';
import type { DiagnosticsOperations, MainProcessDialogs } from './ipc-ports.ts';

export interface DiagnosticsHandlerDeps {
  readonly diagnostics: DiagnosticsOperations;
  readonly dialogs: MainProcessDialogs;
}

export function createDiagnosticsHandlers({ diagnostics, dialogs }: DiagnosticsHandlerDeps): DomainHandlers<'diagnostics'> {
  return {
    'diagnostics:export': async () => {
      const file = await dialogs.chooseDiagnosticsFile();
      return file === null ? null : diagnostics.exportTo(file);
    },
  };
}
