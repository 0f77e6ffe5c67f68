// dom.js: a tiny DOM builder and the formatters the dashboard's views share.
// Every value reaches the page as a text node or an attribute set with
// setAttribute: nothing from the simulator is ever parsed as HTML.

/**
 * Build an element. `props`: `class`, `on` ({event: handler}), `dataset`,
 * any other key becomes an attribute (false/null/undefined leave it out).
 * Children: strings and numbers become text nodes; null/false are skipped.
 * @example h('a', { href: '#/x', class: 'link' }, 'Open ', h('code', null, id))
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'on') for (const [event, handler] of Object.entries(value)) el.addEventListener(event, handler);
    else if (key === 'dataset') {
      for (const [k, v] of Object.entries(value)) if (v !== undefined && v !== null) el.dataset[k] = String(v);
    }
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.append(child);
    else el.append(document.createTextNode(String(child)));
  }
}

/** Replace an element's children. */
export function replaceChildren(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

/**
 * Text that may wrap only after an underscore or a dot, never mid-word:
 * ENHANCED_DUE_<wbr>DILIGENCE. The text content is unchanged (<wbr> has none).
 */
export function breakable(text) {
  const parts = String(text).split(/(?<=[_.])/);
  return parts.flatMap((part, i) => (i < parts.length - 1 ? [part, document.createElement('wbr')] : [part]));
}

/** A <code> for an API code or type (ENHANCED_DUE_DILIGENCE, identity.documents_required), wrapping at _ and . only. */
export function code(text, props = null) {
  return h('code', props, breakable(text));
}

const STATUS_CLASSES = new Set(['PENDING', 'APPROVED', 'DENIED', 'DISABLED', 'ERROR']);

/** A status badge; the text is the status itself, so colour is never the only cue. */
export function badge(status, extra) {
  const known = STATUS_CLASSES.has(status) ? status.toLowerCase() : 'other';
  return h('span', { class: `badge badge-${known}${extra ? ` ${extra}` : ''}`, dataset: { status: String(status) } }, String(status));
}

/** A small neutral label (delivery status, requirement status, HTTP code). */
export function chip(text, tone = 'neutral') {
  return h('span', { class: `chip chip-${tone}` }, String(text));
}

/** RFC 3339 → "2026-01-15 10:00:00 UTC" (the simulator's clock is UTC). */
export function fmtTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** A <time> element with the full timestamp as its datetime and title. */
export function time(iso, text = fmtTime(iso)) {
  return h('time', { datetime: iso, title: iso }, text);
}

/** Milliseconds → "1.2 ms", "340 ms", "2.1 s". */
export function fmtLatency(ms) {
  if (typeof ms !== 'number') return '—';
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

/** "in 5 s" / "12 min ago" relative to the simulator's clock. */
export function relative(iso, nowIso) {
  const diff = Date.parse(iso) - Date.parse(nowIso);
  if (Number.isNaN(diff)) return '';
  const abs = Math.abs(diff);
  const units = [['d', 86_400_000], ['h', 3_600_000], ['min', 60_000], ['s', 1000]];
  const [unit, size] = units.find(([, s]) => abs >= s) ?? ['s', 1000];
  const n = Math.round(abs / size);
  if (n === 0) return 'now';
  return diff > 0 ? `in ${n} ${unit}` : `${n} ${unit} ago`;
}

/** A definition list from [term, value] pairs, skipping empty values. */
export function facts(pairs, cls = 'facts') {
  return h('dl', { class: cls }, pairs.filter(([, v]) => v !== undefined && v !== null && v !== '').map(([k, v]) => h('div', null, h('dt', null, k), h('dd', null, v))));
}
