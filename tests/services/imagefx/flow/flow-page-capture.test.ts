/**
 * The page outline in a diagnostic capture keeps structure only: tags, roles, aria-labels and classes —
 * never text (where the page keeps WIZ values and cookies could echo), other attributes (links, signed
 * URLs, values), or an attribute holding the prompt; e-mail addresses are masked; the outline is capped.
 */
import { describe, expect, it } from 'vitest';
import { readPageOutline, redactValue } from '../../../../src/services/imagefx/flow/flow-page-capture.ts';
import type { FlowPagePort } from '../../../../src/services/imagefx/flow/flow-page-port.ts';

const PROMPT = 'a fox in the snow at midnight';
const AT = 'AJpMio1nQmBf3UoQ0vPgSPnTJxuUC2v7lmsOmQ';

const element = (name: string, attributes: string[], children: unknown[] = []) => ({ nodeType: 1, nodeName: name.toUpperCase(), attributes, children });
const text = (value: string) => ({ nodeType: 3, nodeName: '#text', nodeValue: value });

function portAnswering(document: unknown): FlowPagePort {
  return {
    send: async (method) => {
      if (method !== 'DOM.getDocument') throw new Error(`unexpected ${method}`);
      return { root: document };
    },
    on: () => () => undefined,
    navigate: async () => undefined,
    close: async () => undefined,
  };
}

describe('the outline of a page', () => {
  it('keeps tags, roles, labels and classes; drops text, scripts’ contents, other attributes and private values', async () => {
    const document = {
      nodeType: 9,
      nodeName: '#document',
      children: [
        element('html', ['lang', 'en'], [
          element('head', [], [element('script', ['type', 'application/json', 'id', 'wiz-global-data'], [text(`{"SNlM0e":"${AT}"}`)])]),
          element('body', [], [
            element('span', ['class', 'account-email gb_d', 'aria-label', 'Google Account: lin@example.test'], [text('lin@example.test')]),
            element('textarea', ['aria-label', 'Prompt', 'class', 'prompt-input', 'placeholder', 'What do you want?'], [text(PROMPT)]),
            element('img', ['alt', PROMPT, 'src', 'https://flow-content.google/image/x?Signature=abc', 'aria-label', `Result: ${PROMPT}`]),
            element('button', ['role', 'combobox', 'aria-label', 'Model', 'data-value', 'NARWHAL']),
          ]),
        ]),
      ],
    };
    const { outline, truncated } = await readPageOutline(portAnswering(document), [PROMPT]);
    expect(truncated).toBe(false);
    expect(outline).toEqual({
      tag: '#document',
      children: [
        {
          tag: 'html',
          children: [
            { tag: 'head', children: [{ tag: 'script' }] },
            {
              tag: 'body',
              children: [
                { tag: 'span', class: 'account-email gb_d', label: 'Google Account: [email]' },
                { tag: 'textarea', label: 'Prompt', class: 'prompt-input' },
                { tag: 'img', label: '[redacted]' },
                { tag: 'button', role: 'combobox', label: 'Model' },
              ],
            },
          ],
        },
      ],
    });
    const serialised = JSON.stringify(outline);
    for (const secret of [PROMPT, AT, 'lin@example.test', 'Signature', 'NARWHAL']) expect(serialised).not.toContain(secret);
  });

  it('stops at its node budget and says so; an unreadable page gives no outline', async () => {
    const wide = { nodeType: 9, nodeName: '#document', children: Array.from({ length: 5000 }, () => element('div', ['class', 'x'])) };
    const big = await readPageOutline(portAnswering(wide), []);
    expect(big.truncated).toBe(true);
    expect(big.outline!.children!.length).toBeLessThan(4000);
    expect(await readPageOutline(portAnswering('not a document'), [])).toEqual({ outline: null, truncated: false });
  });

  it('redacts values holding a private string, masks e-mail addresses and caps length', () => {
    expect(redactValue(`Result: ${PROMPT}!`, [PROMPT])).toBe('[redacted]');
    expect(redactValue('Signed in as a.b+c@mail.example.org', [])).toBe('Signed in as [email]');
    expect(redactValue('y'.repeat(500), [])).toHaveLength(201);
    expect(redactValue('ab', ['a'])).toBe('ab'); // too short to be a secret worth matching
  });
});
