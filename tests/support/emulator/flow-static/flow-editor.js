/*
 * The Flow editor's behaviour (the emulator's stand-in for Flow's Angular bundle): settings pickers, reference
 * upload (maseQ), and Generate (ogiZ0b), each minting its own reCAPTCHA Enterprise token right before the call.
 *
 * Like Flow's builds since 2026-09-22 it sets the "x2a" trap: it wraps `grecaptcha.enterprise.execute` so a
 * call that does not come from its own handlers mints under the action `extension_hijack_detected`, and it
 * claims the stand-in's one-time "page call" capability so even a copy of `execute` taken before the wrap
 * mints a token the server knows is foreign. Both kinds of token are refused by batchexecute.
 */
/* global FlowBoq, grecaptcha */
'use strict';

(() => {
  const SITE_KEY = new URL(document.querySelector('script[src*="/recaptcha/enterprise.js"]').src).searchParams.get('render');
  const projectId = document.querySelector('main[data-project-id]').dataset.projectId;
  const $ = (jsname) => document.querySelector(`[jsname="${jsname}"]`);
  const prompt = $('P1ekSe');
  const generate = $('LgbsSe');
  const results = $('Mx8Kpc');
  const error = $('d4hJRe');
  const chips = $('ReFd3c');
  const fileInput = $('V67aGc');
  const settingsButton = $('Wz3Ckb');
  const settingsPanel = $('u3bW4e');
  const references = [];
  let busy = false;

  // --- reCAPTCHA: the page's own minting, and the x2a trap for everyone else ----------------------------
  const enterprise = window.grecaptcha && grecaptcha.enterprise;
  const runAsPage = enterprise && enterprise.claimPageCalls ? enterprise.claimPageCalls() : undefined;
  let ownCalls = 0;
  if (enterprise) {
    const original = enterprise.execute;
    enterprise.execute = function execute(siteKey, options) {
      const tagged = ownCalls > 0 ? options : Object.assign({}, options, { action: 'extension_hijack_detected' });
      return original.call(this, siteKey, tagged);
    };
  }
  let mintTail = Promise.resolve();

  /** Mints one token for `action`; mints are serialised, as Flow's are. */
  function mint(action) {
    const next = mintTail.then(
      () =>
        new Promise((resolve, reject) => {
          if (!enterprise || !runAsPage) {
            reject(new Error('reCAPTCHA is not available'));
            return;
          }
          enterprise.ready(() => {
            ownCalls++;
            try {
              runAsPage(() => enterprise.execute(SITE_KEY, { action })).then(resolve, reject);
            } finally {
              ownCalls--;
            }
          });
        }),
    );
    mintTail = next.catch(() => undefined);
    return next;
  }

  function ctx(token) {
    return [null, 22, null, null, null, projectId, null, null, null, null, [token, 1]];
  }

  // --- visible state ---------------------------------------------------------------------------------
  function showError(message) {
    error.textContent = message;
    error.hidden = !message;
  }

  function describe(reply) {
    if (reply.status === 401) return "You're signed out. Reload the page to sign in again.";
    if (reply.error) {
      const reason = FlowBoq.reasonOf(reply.error);
      if (reason === 'PUBLIC_ERROR_UNUSUAL_ACTIVITY') return 'We noticed some unusual activity. Please try again later.';
      if (reason === 'PUBLIC_ERROR_MODEL_ACCESS_DENIED') return "Your plan doesn't include this model.";
      if (reply.error[0] === 8) return 'Flow is busy right now. Please try again in a moment.';
    }
    return 'Something went wrong. Please try again.';
  }

  function refreshGenerate() {
    generate.disabled = busy || prompt.value.trim() === '';
  }

  function setting(name) {
    return document.querySelector(`[jsname="oYxtQd"][data-setting="${name}"]`).dataset.value;
  }

  // --- settings dialog and pickers ---------------------------------------------------------------------
  settingsButton.addEventListener('click', () => {
    settingsPanel.hidden = !settingsPanel.hidden;
    settingsButton.setAttribute('aria-expanded', String(!settingsPanel.hidden));
  });

  for (const trigger of document.querySelectorAll('[jsname="oYxtQd"]')) {
    const list = document.getElementById(trigger.getAttribute('aria-controls'));
    trigger.addEventListener('click', () => {
      list.hidden = !list.hidden;
      trigger.setAttribute('aria-expanded', String(!list.hidden));
    });
    for (const option of list.querySelectorAll('[role="option"]')) {
      option.addEventListener('click', () => {
        for (const other of list.querySelectorAll('[role="option"]')) other.setAttribute('aria-selected', String(other === option));
        trigger.dataset.value = option.dataset.value;
        trigger.textContent = option.textContent;
        list.hidden = true;
        trigger.setAttribute('aria-expanded', 'false');
      });
    }
  }

  // --- reference images (maseQ) ---------------------------------------------------------------------
  function readBase64(file) {
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(file);
    });
  }

  function addChip(mediaId, name) {
    const chip = document.createElement('div');
    chip.setAttribute('role', 'listitem');
    chip.className = 'reference-chip mdc-chip';
    chip.dataset.mediaId = mediaId;
    chip.textContent = name;
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.setAttribute('aria-label', 'Remove reference image');
    remove.textContent = '×';
    remove.addEventListener('click', () => {
      references.splice(references.indexOf(mediaId), 1);
      chip.remove();
    });
    chip.append(remove);
    chips.append(chip);
  }

  $('Ue9Gdb').addEventListener('click', () => fileInput.click());
  fileInput.addEventListener('change', async () => {
    showError('');
    for (const file of [...fileInput.files]) {
      try {
        const data = await readBase64(file);
        const token = await mint('UPLOAD_IMAGE');
        const inner = [ctx(token), data, file.type || 'image/jpeg', 1, null, null, null, null, file.name, null, FlowBoq.uuid(), FlowBoq.uuid()];
        const reply = await FlowBoq.call('maseQ', inner, location.pathname);
        if (!reply.payload) throw reply;
        references.push(reply.payload[0][0]);
        addChip(reply.payload[0][0], file.name);
      } catch (failure) {
        showError(failure && 'status' in failure ? describe(failure) : 'Something went wrong. Please try again.');
      }
    }
    fileInput.value = '';
  });

  // --- Generate (ogiZ0b) ---------------------------------------------------------------------------
  function render(records) {
    for (const record of records) {
      const figure = document.createElement('figure');
      figure.className = 'result-tile Hc4Bbe';
      figure.dataset.mediaId = record[0];
      const image = document.createElement('img');
      image.className = 'result-image';
      image.alt = record[5] ? record[5][0] : '';
      image.width = record[4][1];
      image.height = record[4][2];
      image.src = record[4][0];
      figure.append(image);
      results.prepend(figure);
    }
  }

  function seed() {
    return crypto.getRandomValues(new Uint32Array(1))[0] >>> 1;
  }

  prompt.addEventListener('input', refreshGenerate);
  generate.addEventListener('click', async () => {
    const text = prompt.value.trim();
    if (busy || !text) return;
    busy = true;
    refreshGenerate();
    showError('');
    const pending = document.createElement('div');
    pending.setAttribute('role', 'progressbar');
    pending.setAttribute('aria-label', 'Generating');
    pending.className = 'generation-pending';
    results.prepend(pending);
    try {
      const token = await mint('IMAGE_GENERATION');
      const top = ctx(token);
      const inputs = references.length ? references.map((id) => [id, null, null, null, 1]) : null;
      const items = Array.from({ length: Number(setting('count')) }, () => [
        null, null, inputs, seed(), Number(setting('aspect')), setting('model'), null, ctx(token),
        [[[text]]], null, null, null, FlowBoq.uuid(), FlowBoq.uuid(),
      ]);
      const reply = await FlowBoq.call('ogiZ0b', [null, items, 1, top, [FlowBoq.uuid()]], location.pathname);
      const records = reply.payload && Array.isArray(reply.payload[0]) ? reply.payload[0].filter(Boolean) : [];
      if (!reply.payload) showError(describe(reply));
      else if (records.length === 0) showError("Flow couldn't create images for this prompt. Try a different prompt.");
      else render(records);
    } catch {
      showError('Something went wrong. Please try again.');
    } finally {
      pending.remove();
      busy = false;
      refreshGenerate();
    }
  });
})();
