/**
 * "Queue a batch": a text or CSV file, or a pasted list, where a line may carry its own count, aspect,
 * seed and model, and `{a|b}` wildcards make one job per combination (syntax: src/shared/prompt-batch-
 * syntax.ts, summed up in the dialog). Before anything is queued the dialog previews what the batch makes
 * ("This file makes 37 jobs, 148 images") and lists every problem by line; only a batch without problems
 * can be queued, all at once, through `generation:enqueue-batch`.
 */
import { MAX_BATCH_PROMPTS, MAX_PROMPT_FILE_LENGTH } from '../../shared/generation-options.ts';
import type { BatchSettings } from '../../shared/generation-schemas.ts';
import { batchFormatOf, planBatch, type BatchPlan } from '../../shared/prompt-batch-syntax.ts';
import type { Bridge } from '../bridge.ts';
import { toCallError } from '../bridge.ts';
import { debounce } from '../debounce.ts';
import { h, replaceChildren } from '../dom.ts';
import { plural } from '../format.ts';
import { icon } from '../icons.ts';
import { ModalDialog } from './modal-dialog.ts';
import type { Toasts } from './toasts.ts';

export interface BatchDialogDeps {
  readonly bridge: Bridge;
  readonly toasts: Toasts;
  /** The generate form's settings: the defaults for what a line does not say. */
  readonly defaults: () => BatchSettings;
}

const PREVIEW_LINES = 5;
const EXAMPLE = ['# one prompt a line; # starts a comment', 'A quiet harbour at dawn, watercolour', 'A {red|blue} vintage car --count 2 --aspect 16:9', 'Koi pond in autumn --seed 1234'].join('\n');

export function openBatchDialog({ bridge, toasts, defaults }: BatchDialogDeps): void {
  const dialog = new ModalDialog({ title: 'Queue a batch', className: 'dialog-medium batch-dialog' });
  const file = h('input', { class: 'visually-hidden', attrs: { type: 'file', id: 'batch-file', accept: '.txt,.csv,text/plain,text/csv' } });
  const fileName = h('span', { class: 'muted batch-file-name', text: 'No file chosen' });
  const text = h('textarea', { class: 'input batch-text', attrs: { id: 'batch-text', rows: 6, dir: 'auto', spellcheck: 'false', placeholder: EXAMPLE } });
  const onePerPrompt = h('input', { attrs: { type: 'checkbox', id: 'batch-one-each' } });
  const summary = h('p', { class: 'batch-summary', attrs: { id: 'batch-summary', role: 'status' } });
  const problems = h('ul', { class: 'batch-problems', attrs: { id: 'batch-problems', 'aria-label': 'Problems' } });
  const preview = h('ol', { class: 'batch-preview', attrs: { 'aria-label': 'First jobs' } });
  const queue = h('button', { class: 'button button-primary', text: 'Queue', attrs: { type: 'button', id: 'batch-queue' } });
  let source: { name: string | null; text: string } = { name: null, text: '' };
  let plan: BatchPlan | null = null;

  const update = (): void => {
    plan = source.text.trim() === '' ? null : planBatch(source.text, { defaults: defaults(), format: batchFormatOf(source.name, source.text), onePerPrompt: onePerPrompt.checked });
    const what = source.name === null ? 'This list' : 'This file';
    summary.textContent = plan === null ? 'Choose a file or paste a list to see what it makes.' : `${what} makes ${plural(plan.jobCount, 'job')} (${plural(plan.imageCount, 'image')}).`;
    replaceChildren(problems, (plan?.problems ?? []).map((problem) => h('li', { text: problem.line === null ? problem.message : `Line ${problem.line}: ${problem.message}` })));
    problems.hidden = problems.childElementCount === 0;
    const first = plan?.problems.length === 0 ? plan.requests.slice(0, PREVIEW_LINES) : [];
    replaceChildren(preview, first.map((request) => h('li', { text: request.prompt, attrs: { dir: 'auto' } })));
    if (plan && plan.problems.length === 0 && plan.requests.length > PREVIEW_LINES) preview.append(h('li', { class: 'muted', text: `…and ${plan.requests.length - PREVIEW_LINES} more` }));
    preview.hidden = preview.childElementCount === 0;
    const ready = plan !== null && plan.problems.length === 0 && plan.requests.length > 0;
    queue.disabled = !ready;
    queue.textContent = ready ? `Queue ${plural(plan!.requests.length, 'job')}` : 'Queue';
  };
  const typed = debounce(() => {
    source = { name: null, text: text.value };
    fileName.textContent = 'No file chosen';
    update();
  }, 200);
  text.addEventListener('input', () => typed());
  onePerPrompt.addEventListener('change', update);
  file.addEventListener('change', () => void readFile());

  const readFile = async (): Promise<void> => {
    const chosen = file.files?.[0];
    file.value = '';
    if (!chosen) return;
    typed.cancel();
    text.value = '';
    fileName.textContent = chosen.name;
    if (chosen.size > MAX_PROMPT_FILE_LENGTH) {
      source = { name: chosen.name, text: '' };
      update();
      summary.textContent = `${chosen.name} is larger than ${MAX_PROMPT_FILE_LENGTH / (1024 * 1024)} MB: a batch file is text, at most ${MAX_BATCH_PROMPTS} prompts.`;
      return;
    }
    source = { name: chosen.name, text: await chosen.text() };
    update();
  };

  queue.addEventListener('click', () => {
    const requests = plan?.problems.length === 0 ? plan.requests : [];
    if (requests.length === 0) return;
    queue.disabled = true;
    bridge
      .invoke('generation:enqueue-batch', requests)
      .then((jobs) => {
        dialog.close();
        toasts.show({ kind: 'success', title: `Queued ${plural(jobs.length, 'job')}`, detail: source.name === null ? undefined : `From ${source.name}` });
      })
      .catch((failure: unknown) => {
        queue.disabled = false;
        toasts.error(toCallError(failure));
      });
  });
  const cancel = h('button', { class: 'button', text: 'Cancel', attrs: { type: 'button' } });
  cancel.addEventListener('click', () => dialog.close());

  dialog.body.append(
    h('div', { class: 'batch-source' }, [
      h('label', { class: 'button', attrs: { for: 'batch-file' } }, [icon('upload'), 'Choose a file…']),
      file,
      fileName,
    ]),
    h('label', { class: 'field-label', text: 'Or paste a list', attrs: { for: 'batch-text' } }),
    text,
    h('label', { class: 'check-row' }, [onePerPrompt, 'One image per prompt (a line’s own --count still wins)']),
    syntaxHelp(),
    summary,
    problems,
    preview,
  );
  dialog.footer.append(cancel, queue);
  update();
  dialog.open();
  text.focus();
}

function syntaxHelp(): HTMLElement {
  const code = (value: string): HTMLElement => h('code', { text: value });
  return h('details', { class: 'batch-help' }, [
    h('summary', { text: 'How to write a batch' }),
    h('ul', {}, [
      h('li', {}, ['Text: one prompt a line; blank lines and lines starting with ', code('#'), ' are skipped.']),
      h('li', {}, ['A line may end with its own settings: ', code('--count 2'), ' ', code('--aspect 16:9'), ' (1:1, 9:16, 16:9, 4:3) ', code('--seed 5'), ' ', code('--model IMAGEN_3_5'), '.']),
      h('li', {}, ['CSV: a header row naming the columns ', code('prompt,count,aspect,seed,model'), ' (only prompt is needed); empty cells use the form’s settings.']),
      h('li', {}, [code('{red|blue|green}'), ' makes one job per option; several groups make every combination.']),
      h('li', { text: `Settings the line does not give come from the form. At most ${MAX_BATCH_PROMPTS} jobs a batch.` }),
    ]),
  ]);
}
