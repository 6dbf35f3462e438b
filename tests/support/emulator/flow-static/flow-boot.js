/*
 * flow.google.com bootstrap (the emulator's stand-in for Flow's Boq runtime). Publishes the page values as
 * `window.WIZ_global_data` and defines `FlowBoq`, the batchexecute client the grid and editor scripts share:
 * it builds the request exactly as FLOW-NOTES §3 records it and reads the length-prefixed reply.
 */
/* exported FlowBoq */
'use strict';

const FlowBoq = (() => {
  const block = document.getElementById('wiz-global-data');
  if (block) {
    Object.defineProperty(window, 'WIZ_global_data', { value: Object.freeze(JSON.parse(block.textContent)), enumerable: true });
  }
  // UNCONFIRMED: Google's own _reqid sequence; Boq apps start at a random 4-digit number and add 100000.
  let reqid = 1000 + Math.floor(Math.random() * 9000);

  /** Splits `)]}'` + `<len>\n<json>\n…` into frames, trusting the lengths the server wrote. */
  function parseFrames(text) {
    const frames = [];
    let at = text.indexOf('\n') + 1;
    while (at < text.length) {
      while (at < text.length && /\s/.test(text[at])) at++;
      const newline = text.indexOf('\n', at);
      if (newline < 0) break;
      const length = Number(text.slice(at, newline));
      if (!Number.isInteger(length) || length <= 0) throw new Error('bad batchexecute frame length');
      frames.push(JSON.parse(text.slice(newline + 1, newline + 1 + length)));
      at = newline + 1 + length;
    }
    return frames;
  }

  /**
   * Calls one RPC. Resolves `{status, payload}` for a result, `{status, error}` for an error in slot 5, or
   * `{status}` alone when the call failed as a whole (HTTP error, no matching frame).
   */
  async function call(rpcid, inner, sourcePath) {
    const wiz = window.WIZ_global_data;
    const query = new URLSearchParams({
      rpcids: rpcid,
      'source-path': sourcePath,
      'f.sid': wiz.FdrFJe,
      bl: wiz.cfb2h,
      hl: document.documentElement.lang || 'en',
      _reqid: String(reqid),
      rt: 'c',
    });
    reqid += 100000;
    const body = new URLSearchParams();
    body.set('f.req', JSON.stringify([[[rpcid, JSON.stringify(inner), null, 'generic']]]));
    body.set('at', wiz.SNlM0e);
    const response = await fetch(`/_/AiSandboxAngularFrontend/data/batchexecute?${query}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8', 'X-Same-Domain': '1' },
      body: body.toString(),
    });
    const text = await response.text();
    if (!response.ok) return { status: response.status };
    for (const frame of parseFrames(text)) {
      for (const entry of frame) {
        if (entry[0] !== 'wrb.fr' || entry[1] !== rpcid) continue;
        if (typeof entry[2] === 'string') return { status: response.status, payload: JSON.parse(entry[2]) };
        return { status: response.status, error: entry[5] };
      }
    }
    return { status: response.status };
  }

  /** The `[code, …]` error detail's reason string, if any. */
  function reasonOf(error) {
    const info = Array.isArray(error) && Array.isArray(error[2]) ? error[2][0] : undefined;
    return Array.isArray(info) && Array.isArray(info[1]) ? info[1][0] : undefined;
  }

  /** A fresh upper-case UUID, as Flow stamps its client ids. */
  function uuid() {
    return crypto.randomUUID().toUpperCase();
  }

  return Object.freeze({ call, reasonOf, uuid });
})();
