import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const shim = fileURLToPath(new URL('./tests/support/electron-shim.ts', import.meta.url));

export default defineConfig({
  // What scripts/build.mjs defines for development builds: tests run the development build of main.ts.
  define: { IMAGEFX_DEVELOPMENT_BUILD: 'true' },
  resolve: {
    // Never load the real `electron` package in tests: it tries to download its binary.
    alias: { electron: shim },
  },
  test: {
    include: ['tests/**/*.test.ts'],
    // A private temporary folder for the whole run, removed at its end; each file's shim folder goes after it.
    globalSetup: ['tests/support/global-temp-root.ts'],
    setupFiles: ['tests/support/test-file-setup.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    server: {
      deps: {
        // Inline so the `electron` alias reaches electron-store and conf.
        inline: ['electron-store', 'conf'],
      },
    },
  },
});
