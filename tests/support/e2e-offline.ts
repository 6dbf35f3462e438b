/**
 * "The network is gone" for the end-to-end tests: the test process's fetch (where the app's main process
 * talks to Google) gets a dispatcher that refuses every connection, the operating system's network state
 * the main process reads (`net.isOnline()`, the shim's) turns false, and Chromium's app page is put
 * offline with `context.setOffline(true)` (navigator.onLine turns false and the page hears `offline`).
 */
import { Agent, getGlobalDispatcher, setGlobalDispatcher } from 'undici';
import type { BrowserContext } from 'playwright-core';
import { __shim } from './electron-shim.ts';

/** Thrown for every connection while offline. */
export class ConnectionRefusedForTest extends Error {
  readonly code = 'ECONNREFUSED';

  constructor(host: string) {
    super(`connect ECONNREFUSED ${host} (the e2e test has taken the network away)`);
    this.name = 'ConnectionRefusedForTest';
  }
}

/** Takes the network away from both sides; resolves with a function that gives it back. */
export async function goOffline(contexts: readonly BrowserContext[]): Promise<() => Promise<void>> {
  const previous = getGlobalDispatcher();
  const refusing = new Agent({
    connect: (options, callback) => {
      queueMicrotask(() => callback(new ConnectionRefusedForTest(options.hostname), null));
    },
  });
  setGlobalDispatcher(refusing);
  __shim.net.online = false;
  for (const context of contexts) await context.setOffline(true);
  return async () => {
    setGlobalDispatcher(previous);
    __shim.net.online = true;
    await refusing.close().catch(() => undefined);
    // A context the test already closed has no network to give back.
    for (const context of contexts) await context.setOffline(false).catch(() => undefined);
  };
}
