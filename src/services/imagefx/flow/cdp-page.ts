/**
 * A person's view of a page, over the DevTools protocol: find controls by role and accessible name
 * (`Accessibility.queryAXTree`) or by a selector (`DOM.querySelector`), click them where they are drawn
 * (`DOM.getBoxModel` + `Input.dispatchMouseEvent`), read an attribute (`DOM.describeNode`), type (`Input.insertText`), choose files for a file input
 * (`DOM.setFileInputFiles`), and read where the page is (`Page.getFrameTree`). Input is trusted input, as
 * from a mouse and keyboard; nothing is evaluated in the page. Results are checked, since a browser update
 * could change them.
 */
import { z } from 'zod';
import type { FlowPagePort } from './flow-page-port.ts';
import type { FlowControl } from './site/flow-site.ts';

/** An element found on the page. */
export interface PageElement {
  readonly backendNodeId: number;
  readonly disabled: boolean;
  /** The accessibility value (a text box's text), when it has one. */
  readonly value: string | null;
}

const documentResult = z.object({ root: z.object({ nodeId: z.number(), backendNodeId: z.number() }) });
const axProperty = z.object({ name: z.string(), value: z.object({ value: z.unknown().optional() }).optional() });
const axResult = z.object({
  nodes: z.array(
    z.object({
      ignored: z.boolean().optional(),
      backendDOMNodeId: z.number().optional(),
      properties: z.array(axProperty).optional(),
      value: z.object({ value: z.unknown().optional() }).optional(),
    }),
  ),
});
const queryResult = z.object({ nodeId: z.number() });
const describeResult = z.object({ node: z.object({ backendNodeId: z.number(), attributes: z.array(z.string()).optional() }) });
const boxResult = z.object({ model: z.object({ content: z.array(z.number()).length(8) }) });
const frameTreeResult = z.object({ frameTree: z.object({ frame: z.object({ url: z.string(), urlFragment: z.string().optional() }) }) });

export class CdpPage {
  readonly #port: FlowPagePort;

  constructor(port: FlowPagePort) {
    this.#port = port;
  }

  async #send<T>(schema: z.ZodType<T>, method: string, params: Record<string, unknown> = {}): Promise<T> {
    return schema.parse(await this.#port.send(method, params));
  }

  /** Every element with `control`'s role (and exact name) that assistive technology can reach, in document order. */
  async findAll(control: FlowControl, within?: number): Promise<PageElement[]> {
    const root = within ?? (await this.#send(documentResult, 'DOM.getDocument', { depth: 0 })).root.backendNodeId;
    const { nodes } = await this.#send(axResult, 'Accessibility.queryAXTree', {
      backendNodeId: root,
      role: control.role,
      ...(control.name === undefined ? {} : { accessibleName: control.name }),
    });
    return nodes.flatMap((node) => {
      if (node.ignored || node.backendDOMNodeId === undefined) return [];
      const disabled = node.properties?.some((property) => property.name === 'disabled' && property.value?.value === true) ?? false;
      const value = typeof node.value?.value === 'string' ? node.value.value : null;
      return [{ backendNodeId: node.backendDOMNodeId, disabled, value }];
    });
  }

  /** The first element {@link findAll} finds, or `null`. */
  async find(control: FlowControl, within?: number): Promise<PageElement | null> {
    return (await this.findAll(control, within))[0] ?? null;
  }

  /** The element matching a CSS selector (hidden ones too), or `null`. */
  async select(selector: string): Promise<number | null> {
    const { root } = await this.#send(documentResult, 'DOM.getDocument', { depth: 0 });
    const { nodeId } = await this.#send(queryResult, 'DOM.querySelector', { nodeId: root.nodeId, selector });
    if (nodeId === 0) return null;
    return (await this.#send(describeResult, 'DOM.describeNode', { nodeId })).node.backendNodeId;
  }

  /** An attribute of an element (`DOM.describeNode`'s name/value list), or `null` when it has none. */
  async attribute(backendNodeId: number, name: string): Promise<string | null> {
    const { attributes = [] } = (await this.#send(describeResult, 'DOM.describeNode', { backendNodeId })).node;
    for (let index = 0; index + 1 < attributes.length; index += 2) if (attributes[index] === name) return attributes[index + 1]!;
    return null;
  }

  /** Where the element is drawn (its content box's centre), or `null` when it is not drawn at all. */
  async centre(backendNodeId: number): Promise<{ x: number; y: number } | null> {
    try {
      const { model } = await this.#send(boxResult, 'DOM.getBoxModel', { backendNodeId });
      const xs = [0, 2, 4, 6].map((index) => model.content[index]!);
      const ys = [1, 3, 5, 7].map((index) => model.content[index]!);
      return { x: xs.reduce((sum, x) => sum + x, 0) / 4, y: ys.reduce((sum, y) => sum + y, 0) / 4 };
    } catch {
      return null; // "Could not compute box model": hidden
    }
  }

  /** Clicks the element as a mouse would: move, press, release at its centre. Throws when it is not drawn. */
  async click(backendNodeId: number): Promise<void> {
    await this.#port.send('DOM.scrollIntoViewIfNeeded', { backendNodeId }).catch(() => undefined);
    const centre = await this.centre(backendNodeId);
    if (!centre) throw new Error('the element is not drawn');
    const mouse = { x: centre.x, y: centre.y, button: 'left', clickCount: 1 };
    await this.#port.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x: centre.x, y: centre.y });
    await this.#port.send('Input.dispatchMouseEvent', { type: 'mousePressed', ...mouse });
    await this.#port.send('Input.dispatchMouseEvent', { type: 'mouseReleased', ...mouse });
  }

  /** Replaces the focused text field's text, as select-all then typing would. */
  async replaceText(text: string): Promise<void> {
    const selectAll = { key: 'a', code: 'KeyA', windowsVirtualKeyCode: 65, modifiers: 2, commands: ['selectAll'] };
    await this.#port.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', ...selectAll });
    await this.#port.send('Input.dispatchKeyEvent', { type: 'keyUp', ...selectAll });
    if (text === '') await this.#port.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', key: 'Delete', code: 'Delete', windowsVirtualKeyCode: 46 });
    else await this.#port.send('Input.insertText', { text });
  }

  /** Chooses `files` in a file input, as the file chooser would (the page hears `input` and `change`). */
  async chooseFiles(backendNodeId: number, files: readonly string[]): Promise<void> {
    await this.#port.send('DOM.setFileInputFiles', { backendNodeId, files: [...files] });
  }

  /** The main frame's URL. */
  async url(): Promise<string> {
    const { frame } = (await this.#send(frameTreeResult, 'Page.getFrameTree')).frameTree;
    return frame.url + (frame.urlFragment ?? '');
  }
}
