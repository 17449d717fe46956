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

/** Epoch seconds as 2026-11-24 10:00:01.123 (UTC); empty for none. */
export function time(ts) {
  if (!ts) {
    return '';
  }
  return new Date(ts * 1000).toISOString().replace('T', ' ').replace('Z', '');
}

/** Seconds as 12 ms, 1.25 s or 3 min 4 s. */
export function duration(s) {
  if (s === null || s === undefined || Number.isNaN(s)) {
    return '';
  }
  if (s < 1) {
    return Math.round(s * 1000) + ' ms';
  }
  if (s < 60) {
    return s.toFixed(2) + ' s';
  }
  const w = Math.round(s);
  return Math.floor(w / 60) + ' min ' + (w % 60) + ' s';
}

/** A link to a task's page. */
export function taskLink(id) {
  return el('a', { class: 'mono', href: '/task/' + encodeURIComponent(id) }, id);
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
