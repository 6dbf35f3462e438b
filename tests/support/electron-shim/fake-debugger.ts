/**
 * The fake `webContents.debugger`: Electron's internal DevTools pipe. It attaches once (a second attach
 * throws, as Electron's does), answers `sendCommand` through a test-set responder while attached (and
 * rejects when not), delivers protocol events as `message` (event, method, params, sessionId), and emits
 * `detach` (event, reason) when its webContents goes away.
 */
import { EventEmitter } from 'node:events';
import type * as Electron from 'electron';
import { createPreventableEvent } from './preventable-event.ts';

export class FakeDebugger extends EventEmitter implements Pick<Electron.Debugger, 'attach' | 'isAttached' | 'detach' | 'sendCommand'> {
  /** Every `attach(version)` call's version, in order. */
  readonly attachedWith: (string | undefined)[] = [];
  /** Every command sent while attached. */
  readonly commands: { method: string; params: unknown }[] = [];
  /** What `sendCommand` resolves with; default `{}`. */
  respond: (method: string, params: unknown) => unknown = () => ({});
  #attached = false;

  attach(protocolVersion?: string): void {
    if (this.#attached) throw new Error('Another debugger is already attached to this WebContents.');
    this.#attached = true;
    this.attachedWith.push(protocolVersion);
  }

  isAttached(): boolean {
    return this.#attached;
  }

  detach(): void {
    this.#attached = false;
  }

  async sendCommand(method: string, commandParams?: unknown): Promise<unknown> {
    if (!this.#attached) throw new Error('No target available');
    this.commands.push({ method, params: commandParams });
    return this.respond(method, commandParams);
  }

  /** A DevTools event from the page. */
  simulateEvent(method: string, params: unknown): void {
    this.emit('message', createPreventableEvent(), method, params, '');
  }

  /** The page went away: Electron detaches the debugger and says why. */
  targetClosed(reason = 'target closed'): void {
    if (!this.#attached) return;
    this.#attached = false;
    this.emit('detach', createPreventableEvent(), reason);
  }
}
