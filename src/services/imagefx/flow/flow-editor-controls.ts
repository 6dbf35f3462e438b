/**
 * One job's steps in Flow's editor, each the way a person does it: the settings pickers, the reference
 * chips, the prompt box and the Generate button, found by role and accessible name (flow-site.ts) and
 * operated with trusted mouse and keyboard input. A control missing past its deadline is a
 * {@link FlowPageChangedError} naming the control (never anything the user typed).
 */
import type { CdpPage, PageElement } from './cdp-page.ts';
import type { FlowTimeouts } from './flow-page-driver.ts';
import type { FlowPagePort } from './flow-page-port.ts';
import type { FlowPageTrail } from './flow-page-trail.ts';
import { awaitWithin, pollFor, type WaitScope } from './page-waits.ts';
import { RpcWatch, type RpcExchange } from './rpc-watch.ts';
import { flowNoReply, FlowPageChangedError, readUploadReply } from './site/flow-errors.ts';
import { FLOW_CONTROLS, FLOW_FILE_INPUT_SELECTOR, FLOW_PICKERS, FLOW_RPC, type FlowControl } from './site/flow-site.ts';

const describe = (control: FlowControl): string => `${control.role}${control.name === undefined ? '' : ` "${control.name}"`}`;

export class FlowEditorControls {
  readonly #page: CdpPage;
  readonly #port: FlowPagePort;
  readonly #scope: WaitScope;
  readonly #timeouts: FlowTimeouts;
  readonly #trail: FlowPageTrail;

  constructor(page: CdpPage, port: FlowPagePort, scope: WaitScope, timeouts: FlowTimeouts, trail: FlowPageTrail) {
    this.#page = page;
    this.#port = port;
    this.#scope = scope;
    this.#timeouts = timeouts;
    this.#trail = trail;
  }

  /** Waits for an enabled control; a {@link FlowPageChangedError} naming it when it does not come. */
  async #need(control: FlowControl, within?: number, where = ''): Promise<PageElement> {
    const found = await pollFor(this.#scope, this.#timeouts.controlMs, async () => {
      const element = await this.#page.find(control, within);
      return element && !element.disabled ? element : null;
    });
    if (!found) throw new FlowPageChangedError(`no usable ${describe(control)}${where}`);
    return found;
  }

  async #click(element: PageElement, control: FlowControl): Promise<void> {
    try {
      await this.#page.click(element.backendNodeId);
    } catch {
      throw new FlowPageChangedError(`${describe(control)} could not be clicked`);
    }
  }

  /** Chooses each picker's option in the settings dialog (opening the dialog when it is closed). */
  async applySettings(choices: Readonly<Record<keyof typeof FLOW_PICKERS, string>>): Promise<void> {
    this.#trail.step('apply settings');
    let dialog = await this.#page.find(FLOW_CONTROLS.settingsDialog);
    if (!dialog) {
      await this.#click(await this.#need(FLOW_CONTROLS.settings), FLOW_CONTROLS.settings);
      dialog = await this.#need(FLOW_CONTROLS.settingsDialog);
    }
    for (const key of ['model', 'aspect', 'count'] as const) {
      const picker = FLOW_PICKERS[key];
      const combobox = { role: 'combobox', name: picker };
      await this.#click(await this.#need(combobox, dialog.backendNodeId), combobox);
      const listbox = { role: 'listbox', name: picker };
      const list = await this.#need(listbox);
      const option = { role: 'option', name: choices[key] };
      await this.#click(await this.#need(option, list.backendNodeId, ` in ${describe(listbox)}`), option);
      const closed = await pollFor(this.#scope, this.#timeouts.controlMs, async () => ((await this.#page.find(listbox)) ? null : true));
      if (!closed) throw new FlowPageChangedError(`${describe(listbox)} stayed open after a choice`);
    }
  }

  /** Removes every reference chip, then adds `files` one by one through the page's file input. */
  async setReferences(files: readonly string[]): Promise<void> {
    this.#trail.step('set references');
    const list = await this.#page.find(FLOW_CONTROLS.referenceList);
    if (!list) {
      if (files.length === 0) return; // nothing to clear, nothing to add
      throw new FlowPageChangedError(`no ${describe(FLOW_CONTROLS.referenceList)}`);
    }
    for (;;) {
      const chips = await this.#page.findAll(FLOW_CONTROLS.referenceChip, list.backendNodeId);
      if (chips.length === 0) break;
      const remove = await this.#need(FLOW_CONTROLS.removeReference, list.backendNodeId);
      await this.#click(remove, FLOW_CONTROLS.removeReference);
      const fewer = await pollFor(this.#scope, this.#timeouts.controlMs, async () =>
        (await this.#page.findAll(FLOW_CONTROLS.referenceChip, list.backendNodeId)).length < chips.length ? true : null,
      );
      if (!fewer) throw new FlowPageChangedError('a reference chip did not go away');
    }
    for (const file of files) await this.#upload(file, list.backendNodeId);
  }

  async #upload(file: string, list: number): Promise<void> {
    const input = await pollFor(this.#scope, this.#timeouts.controlMs, () => this.#page.select(FLOW_FILE_INPUT_SELECTOR));
    if (input === null) throw new FlowPageChangedError(`no file input (${FLOW_FILE_INPUT_SELECTOR})`);
    const before = (await this.#page.findAll(FLOW_CONTROLS.referenceChip, list)).length;
    const exchange = await this.#exchange(FLOW_RPC.upload, 'reference upload', this.#timeouts.uploadReplyMs, async () => {
      await this.#page.chooseFiles(input, [file]).catch(() => {
        throw new FlowPageChangedError('the file input refused the reference file');
      });
    });
    readUploadReply(exchange.status, exchange.body);
    const shown = await pollFor(this.#scope, this.#timeouts.controlMs, async () => ((await this.#page.findAll(FLOW_CONTROLS.referenceChip, list)).length > before ? true : null));
    if (!shown) throw new FlowPageChangedError('the uploaded reference never showed as a chip');
  }

  /** Types the prompt into the prompt box, replacing what was there. */
  async enterPrompt(prompt: string): Promise<void> {
    this.#trail.step('enter the prompt');
    const box = await this.#need(FLOW_CONTROLS.prompt);
    await this.#click(box, FLOW_CONTROLS.prompt);
    await this.#page.replaceText(prompt);
    const typed = await pollFor(this.#scope, this.#timeouts.controlMs, async () => ((await this.#page.find(FLOW_CONTROLS.prompt))?.value === prompt ? true : null));
    if (!typed) throw new FlowPageChangedError('the prompt box did not take the typed text');
  }

  /** Presses Generate and resolves with the page's own `ogiZ0b` exchange. */
  async generate(): Promise<RpcExchange> {
    this.#trail.step('press Generate');
    const button = await this.#need(FLOW_CONTROLS.generate);
    return this.#exchange(FLOW_RPC.generate, 'generation', this.#timeouts.generateReplyMs, () => this.#click(button, FLOW_CONTROLS.generate));
  }

  /** Does `act` and waits for the RPC it makes the page send, then for its whole reply. */
  async #exchange(rpcid: string, what: string, replyMs: number, act: () => Promise<void>): Promise<RpcExchange> {
    const watch = RpcWatch.start(this.#port, rpcid);
    try {
      await act();
      await awaitWithin(this.#scope, this.#timeouts.requestSentMs, watch.sent, () => new FlowPageChangedError(`the ${what} sent no ${rpcid} request`, 'FLOW_NO_REQUEST'));
      return await awaitWithin(this.#scope, replyMs, watch.reply, () => flowNoReply(what, Math.round(replyMs / 1000)));
    } finally {
      watch.stop();
    }
  }
}
