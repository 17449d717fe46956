// Action forms (data-action): POSTed with fetch, carrying the session's CSRF token in a header,
// answered in a toast. Without scripts the same forms POST with the token as a hidden field.
import { el } from './dom.js';

const csrf = () => document.querySelector('meta[name="csrf-token"]')?.content || '';

/** Shows a short message for a few seconds. */
export function toast(text, ok) {
  const t = document.getElementById('toast');
  if (!t) {
    return;
  }
  t.textContent = text;
  t.className = 'toast ' + (ok ? 'ok' : 'bad');
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (t.hidden = true), 6000);
}

async function submit(form) {
  if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    return;
  }
  let action = form.getAttribute('action');
  if (form.hasAttribute('data-rate-limit') || form.hasAttribute('data-task-path')) {
    action += encodeURIComponent(form.elements.taskname.value);
  }
  const body = new URLSearchParams(new FormData(form));
  body.delete('_csrf');
  try {
    const r = await fetch(action, {
      method: 'POST',
      headers: { 'X-CSRF-Token': csrf() },
      body,
      credentials: 'same-origin',
    });
    const text = await r.text();
    let msg = text;
    try {
      const j = JSON.parse(text);
      msg = j.error || j.message || JSON.stringify(j);
    } catch {
      // not JSON; show as is
    }
    toast((r.ok ? 'Done: ' : 'Refused (' + r.status + '): ') + msg, r.ok);
    form.dispatchEvent(new CustomEvent('fennel:done', { detail: { ok: r.ok, status: r.status } }));
  } catch (err) {
    toast('Request failed: ' + err, false);
  }
}

/** Makes every data-action form on the page submit through fetch. */
export function wireActions() {
  for (const form of document.querySelectorAll('form[data-action]')) {
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      submit(form);
    });
  }
}

export { el };
