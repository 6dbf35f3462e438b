/**
 * Runs in every test file (vitest `setupFiles`): after the file's tests, the Electron shim's folder for
 * app.getPath() is removed with the vaults, galleries and settings the tests wrote into it. Registered
 * before the file's own hooks, so it runs after them.
 */
import { afterAll } from 'vitest';
import { removeAppPathsRoot } from './electron-shim/app-paths.ts';

afterAll(() => {
  removeAppPathsRoot();
});
