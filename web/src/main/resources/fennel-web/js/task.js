// One task's page: when an event about it arrives, its full record (timeline, traceback) is
// fetched once and the page is updated in place.
import { subscribe } from './live.js';
import { el, setText, setNode, time, duration, url } from './dom.js';
import { wireActions } from './actions.js';

wireActions();
const id = document.getElementById('task-id').dataset.id;
let loading = false;

async function refresh() {
  if (loading) {
    return;
  }
  loading = true;
  try {
    const r = await fetch(url('/api/task/info/' + encodeURIComponent(id)), { credentials: 'same-origin' });
    if (r.ok) {
      render(await r.json());
    }
  } finally {
    loading = false;
  }
}

function render(t) {
  setNode(document.getElementById('task-state'), document.createTextNode(t.state || 'PENDING'));
  document.getElementById('task-state').className = 'state state-' + (t.state || 'PENDING');
  setText(document.getElementById('task-received'), time(t.received));
  setText(document.getElementById('task-started'), time(t.started));
  setText(document.getElementById('task-runtime'), duration(t.runtime));
  setText(document.getElementById('task-retries'), t.retries);
  if (t.worker) {
    setNode(document.getElementById('task-worker'), el('a', { href: url('/worker/' + encodeURIComponent(t.worker)) }, t.worker));
  }
  setText(document.getElementById('task-args'), t.args);
  setText(document.getElementById('task-kwargs'), t.kwargs);
  setText(document.getElementById('task-result'), t.result);
  document.getElementById('result-section').hidden = t.result == null;
  setText(document.getElementById('task-exception'), t.exception);
  setText(document.getElementById('task-traceback'), t.traceback);
  document.getElementById('failure-section').hidden = t.exception == null && t.traceback == null;
  const rows = [];
  let previous = 0;
  for (const e of t.events || []) {
    const details = Object.entries(e.fields || {})
      .filter(([k]) => k !== 'traceback')
      .map(([k, v]) => k + '=' + (v.length > 120 ? v.slice(0, 119) + '\u2026' : v))
      .join('  ');
    rows.push(
      el(
        'tr',
        {},
        el('td', { class: 'nowrap' }, time(e.timestamp)),
        el('td', {}, e.type),
        el('td', {}, e.hostname || ''),
        el('td', { class: 'num' }, previous ? '+' + duration(e.timestamp - previous) : ''),
        el('td', { class: 'clip mono' }, details),
      ),
    );
    previous = e.timestamp;
  }
  document.querySelector('#timeline tbody').replaceChildren(...rows);
}

subscribe('task', (msgs) => {
  if (msgs.some((t) => t.uuid === id)) {
    refresh();
  }
});

