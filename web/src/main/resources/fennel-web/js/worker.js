// One worker's page: its event-borne numbers stay current; actions go through actions.js.
import { subscribe } from './live.js';
import { setText } from './dom.js';
import { wireActions } from './actions.js';

wireActions();
const name = document.getElementById('worker-name').dataset.worker;
const hb = document.getElementById('worker-heartbeat');

function tick() {
  const ts = parseFloat(hb.dataset.ts);
  setText(hb, ts > 0 ? Math.max(0, Math.round(Date.now() / 1000 - ts)) + ' s ago' : '');
}
setInterval(tick, 1000);

subscribe('worker', (msgs) => {
  for (const w of msgs) {
    if (w.hostname !== name) {
      continue;
    }
    const status = document.getElementById('worker-status');
    setText(status, w.online ? 'online' : 'offline');
    status.className = 'pill ' + (w.online ? 'online' : 'offline');
    hb.dataset.ts = w.heartbeat;
    setText(document.getElementById('worker-active'), w.active);
    setText(document.getElementById('worker-processed'), w.processed);
    setText(document.getElementById('worker-prefetched'), w.prefetched);
    setText(document.getElementById('worker-load'), (w.loadavg || []).map((x) => x.toFixed(2)).join(' '));
    setText(document.getElementById('worker-pool'), [w.pool, w.concurrency].filter((x) => x != null).join(' '));
    tick();
  }
});
