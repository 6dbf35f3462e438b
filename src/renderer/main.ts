/**
 * The renderer's entry: takes the preload's `window.imagefx` and mounts the app into `#app`.
 */
import { AppView } from './app-view.ts';
import { Bridge } from './bridge.ts';

const root = document.getElementById('app');
if (root) void new AppView(root, new Bridge(window.imagefx)).start();
