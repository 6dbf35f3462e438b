// Lint rules that guard the design, not just style:
//  - promises are never dropped or passed where a plain callback is expected (type-aware, every TS file);
//  - exactly one module touches `ipcMain`: src/app/ipc/ipc-registry.ts, where every handler checks its
//    sender and parses its arguments (docs/ARCHITECTURE.md);
//  - the process boundary: src/shared imports neither `electron` nor Node built-ins and uses no DOM or
//    Node globals; the renderer imports neither `electron` nor Node built-ins (docs/ARCHITECTURE.md);
//  - the rooms: imports inside src/ point down (shared, core ← auth/*, services/* ← app ← main.ts), see
//    scripts/lint/rooms-rule.js and docs/ARCHITECTURE.md.
// tests/lint checks each of these on fixtures.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';
import rooms from './scripts/lint/rooms-rule.js';

/** The one module allowed to touch `ipcMain`. */
export const IPC_REGISTRY = 'src/app/ipc/ipc-registry.ts';

const IPC_MESSAGE = `Only ${IPC_REGISTRY} may use ipcMain: register handlers there, where the sender is checked and arguments are parsed.`;

const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_') && !name.startsWith('node:'));

/** `no-restricted-imports` options forbidding `electron` and every Node built-in, with a reason. */
function noElectronOrNode(where, why) {
  return {
    paths: [
      { name: 'electron', message: `${where} may not import electron: ${why}` },
      ...nodeBuiltins.map((name) => ({ name, message: `${where} may not import Node built-ins: ${why}` })),
    ],
    patterns: [{ group: ['node:*', 'electron/*'], message: `${where} may not import electron or Node built-ins: ${why}` }],
  };
}

const SHARED_WHY = 'it is plain TypeScript both processes import (docs/ARCHITECTURE.md).';
const RENDERER_WHY = 'the renderer is sandboxed and reaches the main process only through window.imagefx.';

const DOM_GLOBALS = [
  'window', 'self', 'document', 'navigator', 'location', 'history', 'localStorage', 'sessionStorage', 'indexedDB',
  'alert', 'confirm', 'prompt', 'customElements', 'getComputedStyle', 'matchMedia', 'requestAnimationFrame',
  'HTMLElement', 'Element', 'XMLHttpRequest',
];
const NODE_GLOBALS = ['process', 'Buffer', 'global', '__dirname', '__filename', 'require', 'module', 'exports'];

export default defineConfig(
  globalIgnores(['dist/', 'node_modules/', 'release/', 'coverage/', 'tests/lint/fixtures/', 'bench/.work/']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    name: 'imagefx/unused',
    rules: {
      // A leading underscore marks a deliberately unused name (e.g. a property dropped by a rest pattern).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    name: 'imagefx/tests-may-match-control-characters',
    files: ['tests/**/*.ts'],
    // Tests check that NULs and other control characters are refused or stripped; matching them is the point.
    rules: { 'no-control-regex': 'off' },
  },
  {
    name: 'imagefx/javascript-is-node',
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: globals.node },
  },
  {
    // The emulated flow.google.com's page scripts run in Chromium as classic scripts, not in Node.
    name: 'imagefx/emulated-page-scripts',
    files: ['tests/support/emulator/flow-static/**/*.js'],
    languageOptions: { sourceType: 'script', globals: globals.browser },
  },
  {
    name: 'imagefx/promises',
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    name: 'imagefx/one-ipc-registry',
    files: ['src/**/*.ts'],
    ignores: [IPC_REGISTRY],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', importNames: ['ipcMain'], message: IPC_MESSAGE }] }],
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[property.name='ipcMain']", message: IPC_MESSAGE },
        { selector: "ObjectPattern > Property[key.name='ipcMain']", message: IPC_MESSAGE },
        {
          selector: "MemberExpression[property.name='ipc']",
          message: `webContents.ipc / frame.ipc bypass the registry: ${IPC_MESSAGE}`,
        },
      ],
    },
  },
  {
    name: 'imagefx/rooms',
    files: ['src/**/*.ts'],
    plugins: { rooms },
    rules: { 'rooms/arrows-point-down': 'error' },
  },
  {
    name: 'imagefx/shared-is-pure',
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', noElectronOrNode('src/shared', SHARED_WHY)],
      'no-restricted-globals': [
        'error',
        ...DOM_GLOBALS.map((name) => ({ name, message: `src/shared may not use the DOM (${name}): ${SHARED_WHY}` })),
        ...NODE_GLOBALS.map((name) => ({ name, message: `src/shared may not use Node globals (${name}): ${SHARED_WHY}` })),
      ],
    },
  },
  {
    name: 'imagefx/renderer-is-sandboxed',
    files: ['src/renderer/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', noElectronOrNode('src/renderer', RENDERER_WHY)],
    },
  },
);
