/**
 * The Flow editor (`/project/<id>`): server-rendered markup shaped like an Angular Material app, driven by
 * flow-editor.js. Roles and `aria-label`s are the contract a driver relies on ({@link FLOW_EDITOR_CONTROLS});
 * the obfuscated classes, `jsname`s and `_ngcontent` attributes are not. The `flow-page-changed` fault renders
 * {@link CHANGED_LABELS}, as a Google redesign would, while the page itself keeps working.
 */
import {
  DEFAULT_FLOW_ASPECT,
  DEFAULT_FLOW_IMAGE_COUNT,
  DEFAULT_FLOW_MODEL,
  FLOW_ASPECTS,
  FLOW_IMAGE_MODELS,
  FLOW_RECAPTCHA_SITE_KEY,
  MAX_FLOW_IMAGES,
} from './flow-catalog.ts';
import { appHeader, flowDocument } from './flow-pages.ts';
import type { WizGlobalData } from './flow-pages.ts';
import type { FlowProject } from './flow-store.ts';
import { escapeHtml } from './http-kit.ts';

/** Accessible names (role in the comment) of the editor's controls: the contract drivers use. */
export const FLOW_EDITOR_CONTROLS = {
  /** CSS selector of the readiness anchor (a button named "Settings" that opens the settings dialog). */
  readiness: '.settings-trigger-button',
  /** button */
  settings: 'Settings',
  /** dialog holding the three pickers */
  settingsDialog: 'Generation settings',
  /** textbox (a `<textarea>`) */
  prompt: 'Prompt',
  /** combobox; options (role option) are the friendly model names, `data-value` the wire name */
  model: 'Model',
  /** combobox; options `1:1`, `9:16`, `16:9`, `3:4`, `4:3` */
  aspect: 'Aspect ratio',
  /** combobox; options `1` … `4` */
  count: 'Number of images',
  /** button opening the file chooser */
  addReference: 'Add reference image',
  /** the `<input type="file">` itself (hidden; set files on it directly) */
  fileInput: 'Upload image',
  /** list of chips (role listitem, `data-media-id`), each with a button "Remove reference image" */
  references: 'Reference images',
  removeReference: 'Remove reference image',
  /** button; disabled while the prompt is empty or a generation runs */
  generate: 'Generate',
  /** region; each result is `figure.result-tile[data-media-id]` holding an `<img>` whose src is the signed URL */
  results: 'Results',
  /** progressbar shown while a generation runs */
  pending: 'Generating',
} as const;

/** CSS selector of the visible error line (role alert). */
export const FLOW_EDITOR_ERROR_SELECTOR = '.composer-error[role="alert"]';

/** What the `flow-page-changed` fault renames: the prompt box and the Generate button. */
export const CHANGED_LABELS = { prompt: 'Describe your idea', generate: 'Create' } as const;

interface Option {
  readonly value: string;
  readonly label: string;
}

function picker(setting: string, label: string, options: readonly Option[], selected: string): string {
  const current = options.find((option) => option.value === selected) ?? options[0]!;
  const listId = `${setting}-listbox`;
  const items = options
    .map(
      (option) =>
        `<div role="option" class="mat-mdc-option Ht9Yxe" tabindex="-1" data-value="${escapeHtml(option.value)}" aria-selected="${option.value === current.value}">${escapeHtml(option.label)}</div>`,
    )
    .join('');
  return `<div class="setting-row" _ngcontent-ng-c2291="">
<span class="setting-label">${escapeHtml(label)}</span>
<button type="button" role="combobox" class="mat-mdc-select-trigger picker-trigger" jsname="oYxtQd" data-setting="${setting}" data-value="${escapeHtml(current.value)}" aria-label="${escapeHtml(label)}" aria-haspopup="listbox" aria-expanded="false" aria-controls="${listId}">${escapeHtml(current.label)}</button>
<div role="listbox" id="${listId}" class="mat-mdc-select-panel" aria-label="${escapeHtml(label)}" hidden>${items}</div>
</div>`;
}

/** The editor page for `project`. */
export function editorPage(options: { email: string; project: FlowProject; wiz: WizGlobalData; changed?: boolean }): string {
  const labels = options.changed ? CHANGED_LABELS : { prompt: FLOW_EDITOR_CONTROLS.prompt, generate: FLOW_EDITOR_CONTROLS.generate };
  const models = FLOW_IMAGE_MODELS.flatMap((model) => (model.name ? [{ value: model.id, label: model.name }] : []));
  const aspects = FLOW_ASPECTS.map((aspect) => ({ value: String(aspect.value), label: aspect.label }));
  const counts = Array.from({ length: MAX_FLOW_IMAGES }, (_, index) => ({ value: String(index + 1), label: String(index + 1) }));
  const c = FLOW_EDITOR_CONTROLS;
  const body = `${appHeader(options.email, options.project.title)}
<div id="generation-settings" role="dialog" class="settings-panel Q7lSdb" jsname="u3bW4e" aria-label="${c.settingsDialog}" hidden>
${picker('model', c.model, models, DEFAULT_FLOW_MODEL)}
${picker('aspect', c.aspect, aspects, String(DEFAULT_FLOW_ASPECT))}
${picker('count', c.count, counts, String(DEFAULT_FLOW_IMAGE_COUNT))}
</div>
<main class="editor-main" data-project-id="${escapeHtml(options.project.id)}">
<section class="results-area ixS3ae" jsname="Mx8Kpc" role="region" aria-label="${c.results}" aria-live="polite"></section>
<p class="composer-error" jsname="d4hJRe" role="alert" hidden></p>
<div class="composer zJbYfe" _ngcontent-ng-c3310="">
<div class="reference-chips" jsname="ReFd3c" role="list" aria-label="${c.references}"></div>
<button type="button" class="add-media-button mdc-icon-button" jsname="Ue9Gdb" aria-label="${c.addReference}">+</button>
<input type="file" class="file-input" jsname="V67aGc" accept="image/jpeg,image/png,image/webp" aria-label="${c.fileInput}" hidden>
<textarea class="${options.changed ? 'idea-input' : 'prompt-input'} mat-mdc-input-element" jsname="P1ekSe" rows="2" aria-label="${escapeHtml(labels.prompt)}" placeholder="What do you want to create?"></textarea>
<button type="button" class="${options.changed ? 'create-button' : 'generate-button'} VfPpkd-LgbsSe" jsname="LgbsSe" aria-label="${escapeHtml(labels.generate)}" disabled>${escapeHtml(labels.generate)}</button>
</div>
</main>`;
  return flowDocument({
    title: `${options.project.title} - Flow`,
    wiz: options.wiz,
    // reCAPTCHA Enterprise loads on project pages only (KA13), before the app's own scripts.
    scripts: [`https://www.google.com/recaptcha/enterprise.js?render=${FLOW_RECAPTCHA_SITE_KEY}`, '/_/static/flow-boot.js', '/_/static/flow-editor.js'],
    body,
  });
}
