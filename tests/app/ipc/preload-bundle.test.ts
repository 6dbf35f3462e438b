/**
 * The preload as it ships: dist/preload.cjs (built by `npm run build`), run in a fresh `node:vm` context
 * the way a sandboxed preload runs — a `require` that knows only `electron`, whose `contextBridge` and
 * `ipcRenderer` are recording fakes. It must expose exactly one global, `imagefx`, holding `invoke` (for
 * the contract's channels only) and `onEvent`, and use nothing else of Electron.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { BRIDGE_GLOBAL, EVENT_CHANNEL, INVOKE_CHANNELS } from '../../../src/shared/ipc-channels.ts';
import { type AppEvent } from '../../../src/shared/ipc-contract.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const BUNDLE = path.join(root, 'dist', 'preload.cjs');
const SOURCES = ['src/preload.ts', 'src/shared/ipc-channels.ts'].map((file) => path.join(root, file));

type Listener = (...args: unknown[]) => void;

interface LoadedPreload {
  readonly exposed: { key: string; api: Record<string, unknown> }[];
  readonly required: string[];
  /** Every property of `ipcRenderer` the preload touched. */
  readonly ipcRendererUse: Set<string>;
  readonly invoked: { channel: string; args: unknown[] }[];
  readonly listeners: Map<string, Listener[]>;
  readonly contextKeysAdded: string[];
}

function loadPreload(): LoadedPreload {
  const exposed: LoadedPreload['exposed'] = [];
  const required: string[] = [];
  const ipcRendererUse = new Set<string>();
  const invoked: LoadedPreload['invoked'] = [];
  const listeners = new Map<string, Listener[]>();
  const ipcRenderer = {
    invoke: (channel: string, ...args: unknown[]) => {
      invoked.push({ channel, args });
      return Promise.resolve({ ok: true, value: `answer from ${channel}` });
    },
    on: (channel: string, listener: Listener) => {
      listeners.set(channel, [...(listeners.get(channel) ?? []), listener]);
    },
    removeListener: (channel: string, listener: Listener) => {
      listeners.set(channel, (listeners.get(channel) ?? []).filter((candidate) => candidate !== listener));
    },
  };
  const recordingIpcRenderer = new Proxy(ipcRenderer, {
    get(target, property, receiver) {
      ipcRendererUse.add(String(property));
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
  const contextBridge = {
    exposeInMainWorld: (key: string, api: Record<string, unknown>) => exposed.push({ key, api }),
  };
  const electron = new Proxy(
    { contextBridge, ipcRenderer: recordingIpcRenderer },
    {
      get(target, property) {
        if (property !== 'contextBridge' && property !== 'ipcRenderer' && property !== '__esModule' && typeof property === 'string') {
          throw new Error(`the preload reached for electron.${property}`);
        }
        return Reflect.get(target, property) as unknown;
      },
    },
  );
  // A sandboxed preload's `require` serves a handful of modules; this one only needs electron.
  const sandboxRequire = (name: string): unknown => {
    required.push(name);
    if (name === 'electron') return electron;
    throw new Error(`Cannot find module '${name}' (sandboxed preloads cannot require it)`);
  };
  const context = vm.createContext({});
  const keysBefore = Object.getOwnPropertyNames(vm.runInContext('globalThis', context) as object);
  const wrapper = vm.runInContext(`(function (exports, require, module) {\n${readFileSync(BUNDLE, 'utf8')}\n})`, context, {
    filename: BUNDLE,
  }) as (exports: unknown, require: unknown, module: unknown) => void;
  const module = { exports: {} };
  wrapper(module.exports, sandboxRequire, module);
  const keysAfter = Object.getOwnPropertyNames(vm.runInContext('globalThis', context) as object);
  return {
    exposed,
    required,
    ipcRendererUse,
    invoked,
    listeners,
    contextKeysAdded: keysAfter.filter((key) => !keysBefore.includes(key)),
  };
}

beforeAll(() => {
  const built = existsSync(BUNDLE) ? statSync(BUNDLE).mtimeMs : 0;
  const stale = SOURCES.filter((source) => statSync(source).mtimeMs > built);
  if (built === 0 || stale.length > 0) {
    throw new Error(
      `dist/preload.cjs is ${built === 0 ? 'missing' : `older than ${stale.map((file) => path.relative(root, file)).join(', ')}`}: run \`npm run build\` first (\`npm test\` does).`,
    );
  }
});

describe('the bundled preload in a vm context', () => {
  it('exposes exactly one global, imagefx, with invoke and onEvent', () => {
    const preload = loadPreload();
    expect(preload.exposed.map((entry) => entry.key)).toEqual([BRIDGE_GLOBAL]);
    const api = preload.exposed[0]!.api;
    expect(Object.keys(api).sort()).toEqual(['invoke', 'onEvent']);
    for (const [name, value] of Object.entries(api)) expect(typeof value, name).toBe('function');
    expect(Object.getOwnPropertySymbols(api)).toEqual([]);
    expect(preload.required).toEqual(['electron']);
    expect(preload.contextKeysAdded).toEqual([]);
  });

  it('invoke passes each contract channel and the caller’s arguments on, and resolves with the reply', async () => {
    const preload = loadPreload();
    const invoke = preload.exposed[0]!.api['invoke'] as (...args: unknown[]) => Promise<unknown>;
    for (const channel of INVOKE_CHANNELS) {
      await expect(invoke(channel, 'first', { second: 2 })).resolves.toEqual({ ok: true, value: `answer from ${channel}` });
    }
    expect(preload.invoked).toEqual(INVOKE_CHANNELS.map((channel) => ({ channel, args: ['first', { second: 2 }] })));
  });

  it('invoke refuses any channel the contract does not list, without touching ipcRenderer', async () => {
    const preload = loadPreload();
    const invoke = preload.exposed[0]!.api['invoke'] as (...args: unknown[]) => Promise<unknown>;
    for (const channel of [EVENT_CHANNEL, 'ELECTRON_BROWSER_REQUIRE', 'app:info ', '', 42, null, { toString: () => 'app:info' }]) {
      await expect(invoke(channel)).rejects.toThrow('Unknown IPC channel.');
    }
    expect(preload.invoked).toEqual([]);
  });

  it('onEvent listens on the one event channel, passes the payload only, and unsubscribes', () => {
    const preload = loadPreload();
    const onEvent = preload.exposed[0]!.api['onEvent'] as (listener: (...args: unknown[]) => void) => () => void;
    const received: unknown[][] = [];
    const unsubscribe = onEvent((...args) => received.push(args));
    expect([...preload.listeners.keys()]).toEqual([EVENT_CHANNEL]);
    const payload: AppEvent = { type: 'gallery', change: { type: 'deleted', id: '01JBZ5Q7N4V4TTMQ0V8GQX2ZK1' } };
    const electronEvent = { sender: 'the ipcRenderer itself', ports: [] };
    for (const listener of preload.listeners.get(EVENT_CHANNEL)!) listener(electronEvent, payload);
    expect(received).toEqual([[payload]]);
    unsubscribe();
    expect(preload.listeners.get(EVENT_CHANNEL)).toEqual([]);
  });

  it('uses invoke, on and removeListener of ipcRenderer and nothing else (no send, no sendSync)', async () => {
    const preload = loadPreload();
    const api = preload.exposed[0]!.api as Record<string, (...args: unknown[]) => unknown>;
    await api['invoke']!('app:info');
    (api['onEvent']! as (listener: () => void) => () => void)(() => undefined)();
    expect([...preload.ipcRendererUse].sort()).toEqual(['invoke', 'on', 'removeListener']);
  });
});
