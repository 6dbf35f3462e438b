/*
 * The emulator's stand-in for reCAPTCHA Enterprise (`https://www.google.com/recaptcha/enterprise.js`). No
 * challenge, no scoring: `execute` asks the emulator's `/recaptcha/enterprise/reload` for a single-use token
 * bound to the action. `claimPageCalls()` hands the host page, once, a function that marks the `execute`
 * calls it makes through it as the page's own (`pc=1`); every other call is recorded as foreign. This marker
 * is the emulator's way of knowing who minted a token, not part of Google's API.
 */
'use strict';

(() => {
  const script = document.currentScript;
  const renderKey = script ? new URL(script.src).searchParams.get('render') : null;
  const RELOAD = 'https://www.google.com/recaptcha/enterprise/reload';
  let pageCallDepth = 0;
  let claimed = false;

  function execute(siteKey, options) {
    const action = options && typeof options.action === 'string' ? options.action : '';
    const body = new URLSearchParams({ k: String(siteKey), sa: action, co: btoa(location.origin), pc: pageCallDepth > 0 ? '1' : '0' });
    return fetch(`${RELOAD}?k=${encodeURIComponent(siteKey)}`, { method: 'POST', body, credentials: 'include' })
      .then((response) => {
        if (!response.ok) throw new Error(`reCAPTCHA reload failed (${response.status})`);
        return response.text();
      })
      .then((text) => JSON.parse(text.slice(text.indexOf('\n') + 1))[1]);
  }

  function ready(callback) {
    Promise.resolve().then(callback);
  }

  function claimPageCalls() {
    if (claimed) return undefined;
    claimed = true;
    return function runAsPage(call) {
      pageCallDepth++;
      try {
        return call();
      } finally {
        pageCallDepth--;
      }
    };
  }

  window.grecaptcha = { enterprise: { ready, execute, claimPageCalls } };
  // Where peers look the site key up (FLOW-NOTES §4); the real object nests it deeper.
  window.___grecaptcha_cfg = { clients: { 0: { sitekey: renderKey } } };
})();
