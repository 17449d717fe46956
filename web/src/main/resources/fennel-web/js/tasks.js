// The task table: rows on the page follow their tasks' events; on the first page of the newest
// tasks, new tasks matching the state/name/worker filters are put on top (the page keeps its size).
import { subscribe } from './live.js';
import { el, setText, setNode, time, duration, taskLink, stateBadge } from './dom.js';

const body = document.getElementById('task-rows');
const live = body.dataset.live === 'true';
const want = { state: body.dataset.state, name: body.dataset.name, worker: body.dataset.worker };
const size = parseInt(body.dataset.size, 10) || 50;
const FIELDS = ['name', 'state', 'args', 'kwargs', 'result', 'received', 'started', 'runtime', 'worker'];

function matches(t) {
  return (!want.state || t.state === want.state) && (!want.name || t.name === want.name) && (!want.worker || t.worker === want.worker);
}

function newRow(t) {
  const cells = FIELDS.map((f) =>
    el('td', { 'data-f': f, class: { args: 'clip mono', kwargs: 'clip mono', result: 'clip mono', runtime: 'num', received: 'nowrap', started: 'nowrap' }[f] || '' }),
  );
  cells.splice(1, 0, el('td', {}, taskLink(t.uuid)));
  return el('tr', { 'data-id': t.uuid }, ...cells);
}

function fill(r, t) {
  const c = (f) => r.querySelector(`[data-f="${f}"]`);
  setText(c('name'), t.name);
  setNode(c('state'), stateBadge(t.state));
  setText(c('args'), t.args);
  setText(c('kwargs'), t.kwargs);
  setText(c('result'), t.result != null ? t.result : t.exception);
  setText(c('received'), time(t.received));
  setText(c('started'), time(t.started));
  setText(c('runtime'), duration(t.runtime));
  setText(c('worker'), t.worker);
}

subscribe('task', (msgs) => {
  for (const t of msgs) {
    let r = body.querySelector(`tr[data-id="${CSS.escape(t.uuid)}"]`);
    if (!r) {
      if (!live || !matches(t)) {
        continue;
      }
      r = newRow(t);
      body.prepend(r);
      while (body.rows.length > size) {
        body.lastElementChild.remove();
      }
      document.getElementById('no-tasks').hidden = true;
    }
    fill(r, t);
  }
});
