// Queue depths and consumers now (table) and over the last minutes (charts), from queue samples.
import { subscribe } from './live.js';
import { el, setText, time, seriesOf } from './dom.js';
import { lineChart, SeriesSet } from './chart.js';

const body = document.querySelector('#queues tbody');
const depthEl = document.getElementById('depth-chart');
const series = new SeriesSet(seriesOf(depthEl, {}));
const depth = lineChart(depthEl, series.names());
const consumers = lineChart(document.getElementById('consumer-chart'), series.names());

function draw() {
  depth.setSeries(series.names(), series.aligned(1));
  consumers.setSeries(series.names(), series.aligned(2));
}
draw();

subscribe('queue', (msgs) => {
  for (const q of msgs) {
    if (q.messages < 0) {
      continue;
    }
    series.add(q.name, q.timestamp, q.messages, q.consumers);
    let r = body.querySelector(`tr[data-queue="${CSS.escape(q.name)}"]`);
    if (!r) {
      r = el(
        'tr',
        { 'data-queue': q.name },
        el('td', {}, q.name),
        el('td', { 'data-f': 'messages', class: 'num' }),
        el('td', { 'data-f': 'consumers', class: 'num' }),
        el('td', { 'data-f': 'time', class: 'nowrap' }),
      );
      body.append(r);
      document.getElementById('no-queues').hidden = true;
    }
    setText(r.querySelector('[data-f="messages"]'), q.messages);
    setText(r.querySelector('[data-f="consumers"]'), q.consumers);
    setText(r.querySelector('[data-f="time"]'), time(q.timestamp));
  }
  draw();
});
