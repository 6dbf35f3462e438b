/*
 * The project grid: "New project" creates a project through Flow's own jHPbke call and opens its editor.
 */
/* global FlowBoq */
'use strict';

(() => {
  const newProject = document.querySelector('[jsname="N3wPrj"]');
  const error = document.querySelector('.grid-error');
  const settings = document.querySelector('[jsname="Wz3Ckb"]');

  settings.addEventListener('click', () => {
    settings.setAttribute('aria-expanded', String(settings.getAttribute('aria-expanded') !== 'true'));
  });

  newProject.addEventListener('click', async () => {
    newProject.disabled = true;
    error.hidden = true;
    try {
      const reply = await FlowBoq.call('jHPbke', ['projects/*', [null, ['Untitled project']], [null, 22]], location.pathname);
      if (!reply.payload) throw new Error(`jHPbke failed (${reply.status})`);
      location.assign(`/project/${encodeURIComponent(reply.payload[0])}`);
    } catch {
      error.textContent = "Couldn't create a project. Please try again.";
      error.hidden = false;
      newProject.disabled = false;
    }
  });
})();
