// timeline-view.js: one identity's merged history, newest first: API
// requests, status transitions, events and, under each event, its webhook
// deliveries with every attempt (status code, latency, error) and the next retry.
import { badge, chip, code, fmtLatency, fmtTime, h, relative, time } from './dom.js';

const DELIVERY_TONE = { succeeded: 'good', pending: 'warn', failed: 'bad' };

function httpTone(code) {
  if (code === undefined) return 'bad';
  if (code < 300) return 'good';
  return code < 500 ? 'warn' : 'bad';
}

function attemptRow(attempt, index) {
  const code = attempt.status_code;
  return h(
    'tr',
    { class: 'attempt', dataset: { statusCode: code === undefined ? 'none' : String(code) } },
    h('td', null, `#${index + 1}`),
    h('td', null, time(attempt.at)),
    h('td', null, code === undefined ? chip('no response', 'bad') : chip(code, httpTone(code))),
    h('td', null, fmtLatency(attempt.latency_ms)),
    h('td', { class: 'error-text' }, attempt.error ?? ''),
  );
}

function delivery(d, now) {
  return h(
    'div',
    { class: 'delivery', dataset: { deliveryStatus: d.status } },
    h(
      'p',
      { class: 'delivery-head' },
      h('span', null, 'Webhook to ', h('strong', null, d.consumer_name ?? d.consumer_id)),
      d.consumer_url ? h('code', { class: 'url' }, d.consumer_url) : null,
      chip(d.status, DELIVERY_TONE[d.status] ?? 'neutral'),
    ),
    d.attempts.length
      ? h(
          'table',
          { class: 'attempts' },
          h('caption', { class: 'visually-hidden' }, `Delivery attempts to ${d.consumer_name ?? d.consumer_id}`),
          h('thead', null, h('tr', null, ['Attempt', 'At', 'HTTP', 'Latency', 'Error'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', null, d.attempts.map(attemptRow)),
        )
      : h('p', { class: 'muted small' }, 'No attempt yet.'),
    d.next_attempt_at
      ? h('p', { class: 'next-retry small' }, 'Next attempt ', time(d.next_attempt_at), ` (${relative(d.next_attempt_at, now)})`)
      : null,
  );
}

function body(item, now, onResend) {
  switch (item.kind) {
    case 'created':
      return [h('span', { class: 'tl-title' }, 'Identity created'), ' ', badge(item.status)];
    case 'request':
      return [
        h('span', { class: 'tl-title' }, h('code', null, `${item.method} ${item.path}`)),
        ' ',
        chip(item.status, httpTone(item.status)),
        item.fault ? [' ', chip(`injected fault: ${item.fault}`, 'bad')] : null,
        h('span', { class: 'muted small' }, ` ${fmtLatency(item.latency_ms)}${item.client_id ? ` · ${item.client_id}` : ''}`),
      ];
    case 'transition':
      return [h('span', { class: 'tl-title' }, 'Status '), badge(item.from), h('span', { 'aria-label': 'to' }, ' → '), badge(item.to)];
    case 'event':
      return [
        h(
          'div',
          { class: 'event-head' },
          h('span', { class: 'tl-title' }, code(item.type)),
          item.is_test ? chip('test', 'neutral') : null,
          h('code', { class: 'muted small event-id' }, item.event_id),
          // Offered only when a re-send would reach someone: an active consumer that wants this event.
          item.resend_consumers > 0
            ? h(
                'button',
                { type: 'button', class: 'btn btn-small', dataset: { focusKey: `resend:${item.event_id}`, action: 'resend' }, on: { click: () => onResend(item) } },
                'Re-send webhook',
              )
            : null,
        ),
        item.deliveries.length ? item.deliveries.map((d) => delivery(d, now)) : h('p', { class: 'muted small' }, 'No webhook consumer was subscribed.'),
      ];
    default:
      return h('span', null, item.kind);
  }
}

const KIND_LABEL = { created: 'Created', request: 'Request', transition: 'Transition', event: 'Event' };

/** The timeline as an ordered list, newest first. */
export function renderTimeline(items, { now, onResend }) {
  if (!items.length) return h('p', { class: 'empty' }, 'Nothing has happened yet.');
  return h(
    'ol',
    { class: 'timeline', reversed: true },
    [...items].reverse().map((item) =>
      h(
        'li',
        { class: `tl tl-${item.kind}`, dataset: { kind: item.kind, eventType: item.type } },
        h('div', { class: 'tl-when' }, h('span', { class: 'tl-kind' }, KIND_LABEL[item.kind] ?? item.kind), time(item.at, fmtTime(item.at).slice(11))),
        h('div', { class: 'tl-body' }, body(item, now, onResend)),
      ),
    ),
  );
}
