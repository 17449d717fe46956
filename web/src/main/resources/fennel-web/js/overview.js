// The overview: worker and state counts, finished tasks per second and queue depth charts, and
// the newest failures, all from the event stream.
import { subscribe } from './live.js';
import { el, setText, time, taskLink, seriesOf, url } from './dom.js';
import { lineChart, SeriesSet, WINDOW_SECONDS } from './chart.js';
import { wireActions } from './actions.js';

wireActions();

// Running totals -> rates between consecutive samples.
const rateEl = document.getElementById('rate-chart');
const seed = seriesOf(rateEl, [[], [], []]);
const totals = seed[0].map((ts, i) => [ts, seed[1][i], seed[2][i]]);
const rates = lineChart(rateEl, ['succeeded/s', 'failed/s'], ['#2e7d32', '#c62828']);

function drawRates() {
  const xs = [];
  const ok = [];
  const bad = [];
  for (let i = 1; i < totals.length; i++) {
    const dt = totals[i][0] - totals[i - 1][0];
    if (dt <= 0) {
      continue;
    }
    xs.push(totals[i][0]);
    ok.push(Math.max(0, (totals[i][1] - totals[i - 1][1]) / dt));
    bad.push(Math.max(0, (totals[i][2] - totals[i - 1][2]) / dt));
  }
  rates.set([xs, ok, bad]);
}
drawRates();

subscribe('counters', (msgs) => {
  const c = msgs[msgs.length - 1];
  setText(document.getElementById('workers-online'), c.online);
  setText(document.getElementById('workers-offline'), c.offline);
  setText(document.getElementById('tasks-kept'), c.kept);
  for (const node of document.querySelectorAll('[data-state]')) {
    setText(node, (c.states && c.states[node.dataset.state]) || 0);
  }
  if (c.ts !== undefined && (!totals.length || c.ts > totals[totals.length - 1][0])) {
    totals.push([c.ts, c.succeeded_total, c.failed_total]);
    while (totals.length && totals[0][0] < c.ts - WINDOW_SECONDS) {
      totals.shift();
    }
    drawRates();
  }
});

// Queue depth per queue.
const queueEl = document.getElementById('queue-chart');
const queues = new SeriesSet(seriesOf(queueEl, {}));
const queueChart = lineChart(queueEl, queues.names());
queueChart.setSeries(queues.names(), queues.aligned());
subscribe('queue', (msgs) => {
  for (const q of msgs) {
    if (q.messages >= 0) {
      queues.add(q.name, q.timestamp, q.messages);
    }
  }
  queueChart.setSeries(queues.names(), queues.aligned());
});

// Newest failures on top, at most 10.
const failures = document.querySelector('#failures tbody');
subscribe('task', (msgs) => {
  for (const t of msgs) {
    if (t.state !== 'FAILURE' || failures.querySelector(`tr[data-id="${CSS.escape(t.uuid)}"]`)) {
      continue;
    }
    const row = el(
      'tr',
      { 'data-id': t.uuid },
      el('td', {}, taskLink(t.uuid)),
      el('td', {}, t.name || ''),
      el('td', {}, t.worker || ''),
      el('td', { class: 'nowrap' }, time(t.failed)),
      el('td', { class: 'clip' }, t.exception || ''),
    );
    failures.prepend(row);
    while (failures.rows.length > 10) {
      failures.lastElementChild.remove();
    }
    document.getElementById('no-failures').hidden = true;
  }
});

// The per-worker table follows worker events; a purged worker's row goes.
const workerRows = document.querySelector('#worker-table tbody');
function workerRow(w) {
  let row = workerRows.querySelector(`tr[data-worker="${CSS.escape(w.hostname)}"]`);
  if (!row) {
    row = el(
      'tr',
      { 'data-worker': w.hostname },
      el('td', {}, el('a', { href: url('/worker/' + encodeURIComponent(w.hostname)) }, w.hostname)),
      ...['status', 'active', 'processed', 'succeeded', 'failed', 'retried', 'load'].map((f) =>
        el('td', { 'data-f': f, class: f === 'load' || f === 'status' ? 'nowrap' : 'num' }),
      ),
    );
    workerRows.append(row);
    document.getElementById('no-workers').hidden = true;
  }
  return row;
}
subscribe('worker', (msgs) => {
  for (const w of msgs) {
    const row = workerRow(w);
    const cell = (f) => row.querySelector(`[data-f="${f}"]`);
    const status = cell('status');
    if (status.textContent !== (w.online ? 'online' : 'offline')) {
      status.replaceChildren(
        el('span', { class: 'state ' + (w.online ? 'state-SUCCESS' : 'state-REVOKED') }, w.online ? 'online' : 'offline'),
      );
    }
    for (const f of ['active', 'processed', 'succeeded', 'failed', 'retried']) {
      setText(cell(f), w[f] ?? '');
    }
    setText(cell('load'), (w.loadavg || []).map((x) => Number(x).toFixed(2)).join(' '));
  }
});
subscribe('worker-purged', (msgs) => {
  for (const w of msgs) {
    const row = workerRows.querySelector(`tr[data-worker="${CSS.escape(w.hostname)}"]`);
    if (row) {
      row.remove();
    }
  }
});
