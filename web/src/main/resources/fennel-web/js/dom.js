// Small DOM helpers. Every value from a task or worker goes in through textContent, never as HTML.

/** An element with attributes and children (strings become text nodes). */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== null && v !== undefined) {
      e.setAttribute(k, String(v));
    }
  }
  for (const c of children) {
    e.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c)));
  }
  return e;
}

/** Sets an element's text when it changed. */
export function setText(node, value) {
  const text = value == null ? '' : String(value);
  if (node && node.textContent !== text) {
    node.textContent = text;
  }
}

/** The path the console is served under ('' at the root, '/ops' behind a proxy). */
export const PREFIX = (document.querySelector('meta[name="fennel-prefix"]') || { content: '' }).content || '';

/** A console path under the prefix: url('/api/tasks'). */
export function url(path) {
  return PREFIX + path;
}

/** Epoch seconds as 2026-11-24 10:00:01.123 (UTC); empty for none or out of range. */
export function time(ts) {
  if (!ts || !Number.isFinite(ts) || Math.abs(ts) > 8.64e12) {
    return '';
  }
  return new Date(ts * 1000).toISOString().replace('T', ' ').replace('Z', '');
}

/** Seconds as 123 µs, 12.3 ms, 1.25 s or 3 min 4 s. */
export function duration(s) {
  if (s === null || s === undefined || !Number.isFinite(s)) {
    return '';
  }
  if (s < 0.001) {
    return Math.round(s * 1e6) + ' µs';
  }
  if (s < 0.01) {
    return (s * 1000).toFixed(2) + ' ms';
  }
  if (s < 1) {
    return (s * 1000).toFixed(1) + ' ms';
  }
  if (s < 60) {
    return s.toFixed(2) + ' s';
  }
  const w = Math.round(s);
  return Math.floor(w / 60) + ' min ' + (w % 60) + ' s';
}

/** A link to a task's page. */
export function taskLink(id) {
  return el(
    'a',
    { class: 'mono task-id', href: url('/task/' + encodeURIComponent(id)), title: id, 'data-copy': id },
    shortId(id),
  );
}

/** The first 8 characters of a task id (the full id stays on hover and copy). */
export function shortId(id) {
  return id && id.length > 12 ? id.slice(0, 8) + '…' : id || '';
}

/** Numbers for chart axes and cells: 950, 9.5k, 30k, 1.2M. */
export function compact(n) {
  if (n === null || n === undefined || !Number.isFinite(n)) {
    return '';
  }
  const a = Math.abs(n);
  if (a >= 1e9) return +(n / 1e9).toFixed(a >= 1e10 ? 0 : 1) + 'G';
  if (a >= 1e6) return +(n / 1e6).toFixed(a >= 1e7 ? 0 : 1) + 'M';
  if (a >= 1e3) return +(n / 1e3).toFixed(a >= 1e4 ? 0 : 1) + 'k';
  return +n.toFixed(a < 10 ? 2 : 0) + '';
}

/** A state badge. */
export function stateBadge(state) {
  const s = state || 'PENDING';
  return el('span', { class: 'state state-' + s.replace(/[^A-Z]/g, '') }, s);
}

/** Replaces a cell's children with one node when its text differs. */
export function setNode(cell, node) {
  if (cell && cell.textContent !== node.textContent) {
    cell.replaceChildren(node);
  }
}

/** Reads JSON from a data-series attribute (escaped by the server), or a fallback. */
export function seriesOf(elem, fallback) {
  try {
    return elem && elem.dataset.series ? JSON.parse(elem.dataset.series) : fallback;
  } catch {
    return fallback;
  }
}

// Copying a shortened task id copies the whole id.
document.addEventListener('copy', (e) => {
  const sel = document.getSelection();
  const at = sel && sel.anchorNode;
  const node = at && (at.nodeType === 1 ? at : at.parentElement);
  const holder = node && node.closest && node.closest('[data-copy]');
  if (holder && sel.toString().length <= holder.textContent.length) {
    e.clipboardData.setData('text/plain', holder.dataset.copy);
    e.preventDefault();
  }
});
