// uPlot line charts over a sliding window, sized to their container, with y labels that fit.
import { compact } from './dom.js';

/** The y axis' width: its widest label (as compact() writes it) plus the ticks and gap. */
function axisSize(u, values) {
  if (!values || !values.length) {
    return 40;
  }
  const widest = Math.max(...values.map((v) => String(v).length));
  return Math.max(40, 14 + widest * 8);
}
const PALETTE = ['#2e7d32', '#c62828', '#1565c0', '#ef6c00', '#6a1b9a', '#00838f', '#5d4037', '#455a64'];
export const WINDOW_SECONDS = 600;

/**
 * A chart in `target` with one x series (epoch seconds) and the named y series.
 * Returns { set(data) } where data is [xs, ys1, ys2, ...].
 */
export function lineChart(target, names, colors = PALETTE) {
  if (!target || typeof uPlot === 'undefined') {
    return { set() {}, setSeries() {} };
  }
  const opts = (labels) => ({
    width: Math.max(300, target.clientWidth || 480),
    height: 220,
    legend: { show: true },
    cursor: { drag: { x: false, y: false } },
    // At least a minute wide, so one early sample does not stretch the axis over years.
    scales: { x: { time: true, range: (u, min, max) => (max == null ? [min, max] : [Math.min(min, max - 60), max]) } },
    axes: [{}, { values: (u, splits) => splits.map(compact), size: axisSize }],
    series: [{}, ...labels.map((n, i) => ({ label: n, stroke: colors[i % colors.length], width: 2 }))],
  });
  let labels = names;
  let plot = new uPlot(opts(labels), [[], ...labels.map(() => [])], target);
  window.addEventListener('resize', () =>
    plot.setSize({ width: Math.max(300, target.clientWidth), height: 220 }),
  );
  return {
    set(data) {
      plot.setData(data);
    },
    /** Replaces the series (when a new queue appears), keeping the element. */
    setSeries(newLabels, data) {
      if (newLabels.join('\u0000') !== labels.join('\u0000')) {
        labels = newLabels;
        plot.destroy();
        plot = new uPlot(opts(labels), data, target);
      } else {
        plot.setData(data);
      }
    },
  };
}

/** Keeps {name: [[ts...], [v...], ...]} series within the window and aligned for uPlot. */
export class SeriesSet {
  constructor(initial = {}) {
    this.byName = new Map();
    for (const [name, cols] of Object.entries(initial)) {
      const rows = [];
      for (let i = 0; i < (cols[0] || []).length; i++) {
        rows.push(cols.map((c) => c[i]));
      }
      this.byName.set(name, rows);
    }
  }

  add(name, ts, ...values) {
    if (!this.byName.has(name)) {
      this.byName.set(name, []);
    }
    const rows = this.byName.get(name);
    rows.push([ts, ...values]);
    const oldest = ts - WINDOW_SECONDS;
    while (rows.length && rows[0][0] < oldest) {
      rows.shift();
    }
  }

  names() {
    return [...this.byName.keys()].sort();
  }

  /** uPlot data: shared x of every timestamp, one y array per name (column `col`). */
  aligned(col = 1) {
    const names = this.names();
    const xs = [...new Set(names.flatMap((n) => this.byName.get(n).map((r) => r[0])))].sort((a, b) => a - b);
    const index = new Map(xs.map((x, i) => [x, i]));
    const ys = names.map((n) => {
      const y = new Array(xs.length).fill(null);
      for (const r of this.byName.get(n)) {
        y[index.get(r[0])] = r[col];
      }
      return y;
    });
    return [xs, ...ys];
  }
}
