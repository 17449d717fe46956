// The worker table, kept current from worker events; heartbeat ages tick locally every second.
import { subscribe } from './live.js';
import { el, setText, url } from './dom.js';

const body = document.querySelector('#workers tbody');

function row(name) {
  let r = body.querySelector(`tr[data-worker="${CSS.escape(name)}"]`);
  if (!r) {
    r = el(
      'tr',
      { 'data-worker': name },
      el('td', {}, el('a', { href: url('/worker/' + encodeURIComponent(name)) }, name)),
      ...['status', 'heartbeat', 'active', 'processed', 'prefetched', 'load', 'pool', 'queues'].map((f) =>
        el('td', { 'data-f': f, class: ['status', 'pool', 'queues'].includes(f) ? '' : 'num' }),
      ),
    );
    const after = [...body.rows].find((x) => x.dataset.worker > name);
    body.insertBefore(r, after || null);
    document.getElementById('no-workers').hidden = true;
  }
  return r;
}

function cell(r, f) {
  return r.querySelector(`[data-f="${f}"]`);
}

function tick() {
  const now = Date.now() / 1000;
  for (const c of body.querySelectorAll('[data-f="heartbeat"]')) {
    const ts = parseFloat(c.dataset.ts);
    setText(c, ts > 0 ? Math.max(0, Math.round(now - ts)) + ' s ago' : '');
  }
}
setInterval(tick, 1000);

subscribe('worker', (msgs) => {
  for (const w of msgs) {
    const r = row(w.hostname);
    const status = cell(r, 'status');
    const label = w.online ? 'online' : 'offline';
    if (status.textContent !== label) {
      status.replaceChildren(el('span', { class: 'pill ' + label }, label));
    }
    cell(r, 'heartbeat').dataset.ts = w.heartbeat;
    setText(cell(r, 'active'), w.active);
    setText(cell(r, 'processed'), w.processed);
    setText(cell(r, 'prefetched'), w.prefetched);
    setText(cell(r, 'load'), (w.loadavg || []).map((x) => x.toFixed(2)).join(' '));
    setText(cell(r, 'pool'), [w.pool, w.concurrency].filter((x) => x != null).join(' '));
    setText(cell(r, 'queues'), (w.queues || []).join(', '));
  }
  setText(document.getElementById('worker-count'), body.rows.length + ' known');
  tick();
});

subscribe('worker-purged', (msgs) => {
  for (const w of msgs) {
    body.querySelector(`tr[data-worker="${CSS.escape(w.hostname)}"]`)?.remove();
  }
});
