// Saves the meeting being written as one types (issue 14): each change is kept in the
// browser (localStorage) at once and sent to the server a moment later with the revision
// it changes; the answer brings the new revision, the time plan and the deadlines as the
// server read them. When the connection is lost the changes stay in the browser, are sent
// again when it is back, and are brought back if the page is opened again before then.
// Without this script the form is saved with its "Gem" button.
(() => {
  'use strict';
  const form = document.getElementById('moede');
  if (!form) return;
  const key = 'referat-kladde-' + form.dataset.id;
  const status = document.getElementById('gemt');
  const revision = form.querySelector('input[name=revision]');
  const csrf = form.querySelector('input[name=csrf]');
  let timer = null;
  let sending = false;
  let again = false;

  const say = (text) => { status.textContent = text; };

  // The form's fields as a save sends them: never the fields of a new item, which only
  // the button "Tilføj punktet" adds.
  const fields = () => {
    const data = new URLSearchParams(new FormData(form));
    for (const name of ['ny-titel', 'ny-oplaeg', 'ny-minutter', 'handling']) data.delete(name);
    data.set('handling', 'gem');
    return data;
  };

  const keep = () => {
    try {
      localStorage.setItem(key, JSON.stringify({ revision: revision.value, fields: [...fields()] }));
    } catch (_) { /* a full or forbidden storage only loses the offline copy */ }
  };

  const refusal = async (response) => {
    const page = new DOMParser().parseFromString(await response.text(), 'text/html');
    const message = page.querySelector('main p');
    return message ? message.textContent.trim() : 'serveren svarede ' + response.status;
  };

  const send = async () => {
    if (sending) { again = true; return; }
    sending = true;
    try {
      const response = await fetch(form.action, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'X-Requested-With': 'fetch', 'X-CSRF-Token': csrf.value },
        body: fields(),
      });
      if (response.ok) {
        const saved = await response.json();
        revision.value = saved.revision;
        for (const times of document.querySelectorAll('.times')) {
          const text = saved.times[Number(times.dataset.item)];
          if (text !== undefined) times.textContent = text;
        }
        for (const [id, text] of Object.entries(saved.dues)) {
          const output = document.getElementById(id);
          if (output) output.textContent = text;
        }
        try { localStorage.removeItem(key); } catch (_) { /* nothing kept */ }
        const at = new Date().toLocaleTimeString('da-DK', { hour: '2-digit', minute: '2-digit' });
        say('Gemt kl. ' + at);
      } else if (response.status === 409) {
        say('Ikke gemt: ' + await refusal(response));
      } else {
        say('Ikke gemt: ' + await refusal(response));
      }
    } catch (_) {
      say('Ikke gemt: forbindelsen er afbrudt. Ændringerne er gemt i browseren og sendes, når forbindelsen er tilbage.');
    } finally {
      sending = false;
      if (again) { again = false; send(); }
    }
  };

  // Changes kept from a visit whose connection was lost: back into the form, then saved.
  try {
    const kept = JSON.parse(localStorage.getItem(key) || 'null');
    if (kept && kept.revision === revision.value) {
      const names = new Set(kept.fields.map(([name]) => name));
      for (const box of form.querySelectorAll('input[type=checkbox]')) box.checked = names.has(box.name);
      for (const [name, value] of kept.fields) {
        const field = form.elements.namedItem(name);
        if (field && field.type !== 'checkbox' && field.type !== 'hidden' && 'value' in field) field.value = value;
      }
      say('Ændringer, der ikke blev gemt, er hentet frem fra browseren og gemmes nu.');
      send();
    } else if (kept) {
      localStorage.removeItem(key);
    }
  } catch (_) { /* nothing kept */ }

  form.addEventListener('input', (event) => {
    if (!event.target.name || event.target.name.startsWith('ny-')) return;
    keep();
    clearTimeout(timer);
    timer = setTimeout(send, 600);
    say('Gemmer …');
  });
  window.addEventListener('online', () => {
    if (localStorage.getItem(key)) send();
  });
})();
