// The one event stream (/api/events/stream), shared by every script of a page. Messages are
// coalesced (the newest per task, worker or queue wins) and handed to subscribers at most every
// 500 ms, so a busy cluster costs the browser one render per half second.
import { url } from './dom.js';

const KEYS = {
  task: (m) => m.uuid,
  worker: (m) => m.hostname,
  'worker-purged': (m) => m.hostname,
  queue: (m) => m.name,
  counters: () => 'counters',
};
const EVERY_MS = 500;
const subscribers = new Map();
const pending = new Map();
let source = null;
let scheduled = false;
let lastFlush = 0;

function status(text, cls) {
  const el = document.getElementById('live-status');
  if (el) {
    el.textContent = text;
    el.className = 'live-status ' + cls;
  }
}

function connect() {
  source = new EventSource(url('/api/events/stream'));
  source.onopen = () => status('live', 'on');
  source.onerror = () => status('reconnecting…', 'off');
  for (const type of Object.keys(KEYS)) {
    source.addEventListener(type, (e) => receive(type, e.data));
  }
  source.addEventListener('hello', (e) => receive('counters', e.data));
}

function receive(type, data) {
  if (!subscribers.has(type)) {
    return;
  }
  let msg;
  try {
    msg = JSON.parse(data);
  } catch {
    return;
  }
  if (msg === null || typeof msg !== 'object') {
    return;
  }
  let byKey = pending.get(type);
  if (!byKey) {
    byKey = new Map();
    pending.set(type, byKey);
  }
  byKey.set(KEYS[type](msg), msg);
  if (!scheduled) {
    scheduled = true;
    setTimeout(flush, Math.max(0, EVERY_MS - (Date.now() - lastFlush)));
  }
}

function flush() {
  scheduled = false;
  lastFlush = Date.now();
  const batch = new Map(pending);
  pending.clear();
  for (const [type, byKey] of batch) {
    const messages = [...byKey.values()];
    for (const fn of subscribers.get(type) || []) {
      try {
        fn(messages);
      } catch (err) {
        console.error('fennel: rendering', type, 'failed', err);
      }
    }
  }
}

/** Calls fn with the coalesced messages of one type (task, worker, worker-purged, queue, counters). */
export function subscribe(type, fn) {
  if (!subscribers.has(type)) {
    subscribers.set(type, []);
  }
  subscribers.get(type).push(fn);
  if (!source) {
    connect();
  }
}

/** Starts the stream even without subscribers (for the live indicator). */
export function start() {
  if (!source) {
    connect();
  }
}
