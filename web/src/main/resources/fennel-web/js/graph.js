// The workflow graph on a task's page: nodes from /api/task/graph/{id}, laid out in columns by
// depth (a chain left to right, a group's members stacked, a chord's body after its header),
// each coloured by its state and linking to its task; redrawn when the event stream mentions a
// task of the graph, its root, or a child of one of its tasks.
import { subscribe } from './live.js';

const section = document.getElementById('workflow');
const box = document.getElementById('workflow-graph');
const id = section ? section.dataset.id : null;
const SVG = 'http://www.w3.org/2000/svg';
const W = 170;
const H = 44;
const GAP_X = 50;
const GAP_Y = 14;
let graph = null;
let loading = false;
let again = false;

function svg(tag, attrs, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) {
    e.setAttribute(k, String(v));
  }
  if (text != null) {
    e.textContent = text;
  }
  return e;
}

function layout(g) {
  const incoming = new Map(g.nodes.map((n) => [n.id, []]));
  for (const e of g.edges) {
    if (incoming.has(e.to)) {
      incoming.get(e.to).push(e.from);
    }
  }
  const depth = new Map();
  const visiting = new Set();
  function d(x) {
    if (depth.has(x)) {
      return depth.get(x);
    }
    if (visiting.has(x)) {
      return 0;
    }
    visiting.add(x);
    const ps = incoming.get(x) || [];
    const v = ps.length === 0 ? 0 : Math.max(...ps.map(d)) + 1;
    depth.set(x, v);
    return v;
  }
  const columns = [];
  for (const n of g.nodes) {
    const c = d(n.id);
    (columns[c] = columns[c] || []).push(n);
  }
  const pos = new Map();
  columns.forEach((col, c) =>
    col.forEach((n, r) => pos.set(n.id, { x: 10 + c * (W + GAP_X), y: 10 + r * (H + GAP_Y) })),
  );
  const rows = Math.max(1, ...columns.map((col) => (col ? col.length : 0)));
  return { pos, width: 20 + columns.length * (W + GAP_X), height: 20 + rows * (H + GAP_Y) };
}

function draw(g) {
  const { pos, width, height } = layout(g);
  const root = svg('svg', { width, height, class: 'workflow-svg', role: 'img', 'aria-label': 'workflow graph' });
  for (const e of g.edges) {
    const a = pos.get(e.from);
    const b = pos.get(e.to);
    if (!a || !b) {
      continue;
    }
    root.append(
      svg('line', {
        x1: a.x + W, y1: a.y + H / 2, x2: b.x, y2: b.y + H / 2,
        class: 'wf-edge wf-edge-' + e.kind, 'data-from': e.from, 'data-to': e.to,
      }),
    );
  }
  for (const n of g.nodes) {
    const p = pos.get(n.id);
    const link = svg('a', { href: '/task/' + encodeURIComponent(n.id), class: 'wf-node state-' + n.state, 'data-id': n.id, 'data-state': n.state });
    link.append(svg('rect', { x: p.x, y: p.y, width: W, height: H, rx: 6, class: n.id === id ? 'wf-box wf-self' : 'wf-box' }));
    link.append(svg('text', { x: p.x + 8, y: p.y + 18, class: 'wf-name' }, (n.name || '?').slice(0, 24)));
    const runtime = n.runtime == null ? '' : ' ' + n.runtime.toFixed(3) + ' s';
    link.append(svg('text', { x: p.x + 8, y: p.y + 35, class: 'wf-meta' }, n.state + runtime));
    link.append(svg('title', {}, n.id + (n.worker ? ' on ' + n.worker : '')));
    root.append(link);
  }
  box.replaceChildren(root);
}

async function refresh() {
  if (loading) {
    again = true;
    return;
  }
  loading = true;
  try {
    const r = await fetch('/api/task/graph/' + encodeURIComponent(id), { credentials: 'same-origin' });
    if (r.ok) {
      graph = await r.json();
      section.hidden = graph.nodes.length < 2;
      if (!section.hidden) {
        draw(graph);
      }
    }
  } finally {
    loading = false;
    if (again) {
      again = false;
      refresh();
    }
  }
}

function concerns(m) {
  if (!graph) {
    return true;
  }
  const ids = new Set(graph.nodes.map((n) => n.id));
  return ids.has(m.uuid) || m.root_id === graph.root || ids.has(m.parent_id) || ids.has(m.root_id);
}

if (section && id) {
  refresh();
  subscribe('task', (msgs) => {
    if (msgs.some(concerns)) {
      refresh();
    }
  });
}
