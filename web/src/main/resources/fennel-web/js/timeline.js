// The timeline: task bars across workers (one lane per slot a worker used at once), from received
// to done, coloured by outcome, retries marked; seeded by the page and kept live from the stream.
import { subscribe } from './live.js';
import { seriesOf, url, shortId, setText } from './dom.js';

const canvas = document.getElementById('timeline-canvas');
const zoom = document.getElementById('timeline-zoom');
const COLORS = { SUCCESS: '#2e7d32', FAILURE: '#c62828', REVOKED: '#757575', REJECTED: '#757575' };
const LANE = 14;
const GUTTER = 160;
const MAX_TASKS = 10000;
const tasks = new Map();
let hits = [];

for (const r of seriesOf(canvas, [])) {
  tasks.set(r[0], { id: r[0], name: r[1], worker: r[2], received: r[3], started: r[4], ended: r[5], state: r[6], retried: r[7] });
}

function ended(t) {
  const ends = [t.succeeded, t.failed, t.revoked, t.rejected].filter((x) => Number.isFinite(x));
  return ends.length ? Math.max(...ends) : null;
}

subscribe('task', (msgs) => {
  for (const m of msgs) {
    if (!m.worker || !(m.received || m.started)) {
      continue;
    }
    tasks.set(m.uuid, {
      id: m.uuid, name: m.name, worker: m.worker, received: m.received, started: m.started,
      ended: ended(m), state: m.state, retried: m.retried,
    });
  }
  while (tasks.size > MAX_TASKS) {
    tasks.delete(tasks.keys().next().value);
  }
  draw();
});

function draw() {
  const now = Date.now() / 1000;
  const span = Number(zoom.value);
  const from = now - span;
  const shown = [...tasks.values()]
    .filter((t) => Number.isFinite(t.received || t.started) && (t.ended || now) >= from)
    .sort((a, b) => (a.received || a.started) - (b.received || b.started));
  // lanes: per worker, the first lane free at the task's start
  const lanes = new Map();
  const placed = [];
  for (const t of shown) {
    const start = t.received || t.started;
    const end = t.ended || now;
    const ends = lanes.get(t.worker) || [];
    let lane = ends.findIndex((e) => e <= start);
    if (lane < 0) {
      lane = ends.length;
      ends.push(end);
    } else {
      ends[lane] = end;
    }
    lanes.set(t.worker, ends);
    placed.push({ t, start, end, lane });
  }
  const workers = [...lanes.keys()].sort();
  const offsets = new Map();
  let rows = 0;
  for (const w of workers) {
    offsets.set(w, rows);
    rows += lanes.get(w).length;
  }
  const width = canvas.clientWidth || 900;
  const height = Math.max(60, rows * LANE + 24);
  const dpr = window.devicePixelRatio || 1;
  canvas.width = width * dpr;
  canvas.height = height * dpr;
  canvas.style.height = height + 'px';
  const g = canvas.getContext('2d');
  g.setTransform(dpr, 0, 0, dpr, 0, 0);
  g.clearRect(0, 0, width, height);
  g.font = '11px sans-serif';
  const x = (ts) => GUTTER + ((ts - from) / span) * (width - GUTTER - 4);
  g.fillStyle = '#555';
  for (const w of workers) {
    const y = offsets.get(w) * LANE;
    g.fillText(w.length > 24 ? w.slice(0, 23) + '…' : w, 4, y + 11);
    g.strokeStyle = '#eee';
    g.beginPath();
    g.moveTo(0, y);
    g.lineTo(width, y);
    g.stroke();
  }
  // time axis
  g.fillStyle = '#777';
  for (let i = 0; i <= 4; i++) {
    const ts = from + (span * i) / 4;
    const label = new Date(ts * 1000).toISOString().slice(11, 19);
    g.fillText(label, Math.min(width - 50, x(ts)), height - 6);
  }
  hits = [];
  for (const p of placed) {
    const y = (offsets.get(p.t.worker) + p.lane) * LANE + 2;
    const x0 = Math.max(GUTTER, x(p.start));
    const x1 = Math.max(x0 + 2, x(p.end));
    g.fillStyle = p.t.ended ? COLORS[p.t.state] || '#1565c0' : '#1565c0';
    g.fillRect(x0, y, x1 - x0, LANE - 4);
    if (Number.isFinite(p.t.retried) && p.t.retried >= from) {
      g.fillStyle = '#ef6c00';
      g.fillRect(x(p.t.retried) - 1, y - 1, 3, LANE - 2);
    }
    hits.push({ x0, x1, y0: y, y1: y + LANE - 4, t: p.t });
  }
  setText(document.getElementById('timeline-count'), placed.length + ' tasks on ' + workers.length + ' workers');
}

canvas.addEventListener('click', (e) => {
  const r = canvas.getBoundingClientRect();
  const px = e.clientX - r.left;
  const py = e.clientY - r.top;
  const hit = hits.find((h) => px >= h.x0 - 1 && px <= h.x1 + 1 && py >= h.y0 - 1 && py <= h.y1 + 1);
  if (hit) {
    window.location.href = url('/task/' + encodeURIComponent(hit.t.id));
  }
});
canvas.addEventListener('mousemove', (e) => {
  const r = canvas.getBoundingClientRect();
  const hit = hits.find((h) => e.clientX - r.left >= h.x0 && e.clientX - r.left <= h.x1 && e.clientY - r.top >= h.y0 && e.clientY - r.top <= h.y1);
  canvas.title = hit ? `${shortId(hit.t.id)} ${hit.t.name || ''} ${hit.t.state}` : '';
});
zoom.addEventListener('change', draw);
window.addEventListener('resize', draw);
setInterval(draw, 1000);
draw();
