import { unwrapIpcResult, type ImageFxBridge } from '../shared/ipc-contract.ts';

declare global {
  interface Window {
    readonly imagefx: ImageFxBridge;
  }
}

async function start(): Promise<void> {
  const root = document.getElementById('app');
  if (!root) return;
  const info = unwrapIpcResult(await window.imagefx.appInfo());
  const heading = document.createElement('h1');
  heading.textContent = info.demo ? `${info.name} (demo)` : info.name;
  root.replaceChildren(heading);
}

void start();
