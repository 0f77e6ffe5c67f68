// app.js: the dashboard's entry point. Holds the page state, routes on the
// URL hash (#/identity/<id>), runs actions, and re-fetches whenever the change
// stream says the simulator's state moved, without reloading the page.
import { api, ApiProblem, subscribe } from './api.js';
import { renderDetail } from './detail-view.js';
import { h, replaceChildren } from './dom.js';
import { faultsView } from './faults-view.js';
import { renderList } from './list-view.js';

const $ = (id) => document.getElementById(id);
const state = { meta: { clients: [], document_types: [] }, rows: [], clients: [], listLoaded: false, detail: undefined, selectedId: undefined, now: undefined, busy: false };

const ACTION_DONE = {
  approve: 'Approved: every check set to APPROVED.',
  deny: 'Denied: sanctions check set to DENIED.',
  'require-documents': 'Documents requested: Enhanced Due Diligence opened.',
  disable: 'Disabled by the client (set_user_disabled).',
  enable: 'Enabled again (set_user_disabled false).',
  'mark-dormant': 'Marked dormant: a DORMANT identity control was set (INACTIVITY).',
  'unmark-dormant': 'DORMANT control removed.',
};

/** Show an outcome in the live region (read out by screen readers, visible to everyone). */
function notify(message, tone = 'ok') {
  const notice = $('notice');
  notice.className = `notice notice-${tone}`;
  replaceChildren(notice, message);
}

function notifyProblem(err, what) {
  const p = err instanceof ApiProblem ? err.problem : { title: 'Error', detail: String(err?.message ?? err) };
  const status = p.status ?? err.status;
  notify([h('strong', null, `${what} refused: ${p.title ?? 'Error'}${status ? ` (${status})` : ''}`), ' ', h('span', { class: 'problem-detail' }, p.detail ?? '')], 'error');
}

function filters() {
  return { client_id: $('filter-client').value, status: $('filter-status').value, type: $('filter-type').value, q: $('filter-q').value };
}

/** Re-render a region, keeping keyboard focus on the "same" control if it is still there. */
function keepFocus(render) {
  const key = document.activeElement?.dataset?.focusKey;
  render();
  if (key) document.querySelector(`[data-focus-key="${CSS.escape(key)}"]`)?.focus();
}

function drawList() {
  const list = $('identity-list');
  if (!state.listLoaded) {
    // Until the first answer: never "No identities match" for a list not fetched yet.
    list.setAttribute('aria-busy', 'true');
    replaceChildren(list, h('p', { class: 'empty loading' }, 'Loading identities…'));
    $('list-count').textContent = '';
    return;
  }
  list.removeAttribute('aria-busy');
  keepFocus(() => renderList($('identity-list'), { identities: state.rows, clients: state.clients, selectedId: state.selectedId, filterClient: filters().client_id }));
  // the server answers the newest matches only (a store may hold 100k identities)
  $('list-count').textContent = state.more ? `newest ${state.rows.length} shown; more match, narrow the filters` : `${state.rows.length} shown`;
}

function drawDetail() {
  const pane = $('detail');
  if (!state.selectedId) return replaceChildren(pane, h('p', { class: 'empty' }, 'Select an identity to see its status details, timeline and actions.'));
  if (!state.detail) return replaceChildren(pane, h('p', { class: 'empty' }, 'Loading…'));
  const openPicker = pane.querySelector('details.docs-picker')?.open;
  keepFocus(() => replaceChildren(pane, renderDetail(state.detail, { meta: state.meta, now: state.now, onAction: runAction, onResend: resend })));
  if (openPicker) pane.querySelector('details.docs-picker').open = true;
}

function drawClientFilter() {
  const select = $('filter-client');
  const current = select.value;
  const options = [h('option', { value: '' }, 'All clients'), ...state.clients.map((c) => h('option', { value: c }, c))];
  replaceChildren(select, options);
  select.value = state.clients.includes(current) ? current : '';
}

async function loadClock() {
  const clock = await api('/clock');
  state.now = clock.now;
  $('clock-now').textContent = clock.now.slice(0, 19).replace('T', ' ') + ' UTC';
  $('clock-now').setAttribute('datetime', clock.now);
  $('clock-mode').textContent = clock.frozen ? 'frozen' : 'running';
}

async function loadFaults() {
  replaceChildren($('faults'), faultsView(await api('/faults')));
}

async function loadList() {
  const body = await api('/api/identities', { query: filters() });
  state.rows = body.identities;
  state.more = body.more === true;
  state.listLoaded = true;
  if (body.clients.join() !== state.clients.join()) {
    state.clients = body.clients;
    drawClientFilter();
  }
  drawList();
}

async function loadDetail() {
  if (!state.selectedId) return drawDetail();
  try {
    state.detail = await api(`/api/identities/${encodeURIComponent(state.selectedId)}`);
  } catch (err) {
    state.detail = undefined;
    replaceChildren($('detail'), h('p', { class: 'empty' }, `Cannot show this identity: ${err.message}`));
    return;
  }
  drawDetail();
}

let refreshing;
let again = false;
/** Re-fetch everything; calls that arrive during a refresh are folded into one more. */
async function refresh() {
  if (refreshing) {
    again = true;
    return refreshing;
  }
  refreshing = (async () => {
    do {
      again = false;
      await loadClock();
      await Promise.all([loadList(), loadDetail(), loadFaults()]);
    } while (again);
  })()
    .catch((err) => notifyProblem(err, 'Refresh'))
    .finally(() => (refreshing = undefined));
  return refreshing;
}

/** The decision an action would override, if any: Approve or Deny on an identity already APPROVED or DENIED. */
function overriddenDecision(action, identity) {
  if (action !== 'approve' && action !== 'deny') return undefined;
  return ['APPROVED', 'DENIED'].includes(identity.status) ? identity.status : undefined;
}

async function runAction(action, body) {
  if (state.busy || !state.detail) return;
  const decided = overriddenDecision(action, state.detail.identity);
  if (decided) {
    const who = state.detail.name || state.detail.identity.id;
    const verb = action === 'approve' ? 'Approve' : 'Deny';
    if (!window.confirm(`${who} is already ${decided}. ${verb} anyway? This overrides the decision.`)) {
      notify(`${who}: nothing changed; the identity stays ${decided}.`);
      return;
    }
  }
  state.busy = true;
  $('detail').setAttribute('aria-busy', 'true');
  const name = state.detail.name || state.detail.identity.id;
  try {
    state.detail = await api(`/api/identities/${encodeURIComponent(state.selectedId)}/${action}`, { method: 'POST', body });
    notify(`${name}: ${ACTION_DONE[action]}`);
    drawDetail();
    await refresh();
  } catch (err) {
    notifyProblem(err, `${action} for ${name}`);
  } finally {
    state.busy = false;
    $('detail').removeAttribute('aria-busy');
  }
}

async function resend(item) {
  try {
    const res = await api(`/webhooks/events/${encodeURIComponent(item.event_id)}/resend`, { method: 'POST' });
    notify(`Re-sent ${item.type}: ${res.deliveries.length} new ${res.deliveries.length === 1 ? 'delivery' : 'deliveries'} queued.`);
    await refresh();
  } catch (err) {
    notifyProblem(err, `Re-send of ${item.type}`);
  }
}

async function advanceClock(event) {
  event.preventDefault();
  const duration = $('clock-duration').value.trim();
  try {
    const res = await api('/clock/advance', { method: 'POST', body: { duration } });
    notify(`Clock advanced by ${duration} to ${res.now.slice(0, 19).replace('T', ' ')} UTC; ${res.fired_jobs ?? 0} scheduled job(s) fired.`);
    await refresh();
  } catch (err) {
    notifyProblem(err, 'Clock advance');
  }
}

function route(focus) {
  if (location.hash && !location.hash.startsWith('#/')) return; // an in-page anchor, not a view
  const match = /^#\/identity\/([^/]+)$/.exec(location.hash);
  const id = match ? decodeURIComponent(match[1]) : undefined;
  if (id !== state.selectedId) state.detail = undefined;
  state.selectedId = id;
  drawList();
  drawDetail();
  loadDetail().then(() => {
    if (focus && id) $('detail-heading')?.focus();
  });
}

async function start() {
  state.meta = await api('/api/meta').catch(() => state.meta);
  $('filters').addEventListener('input', () => loadList().catch((err) => notifyProblem(err, 'Filter')));
  $('filters').addEventListener('submit', (e) => e.preventDefault());
  $('clock-form').addEventListener('submit', advanceClock);
  window.addEventListener('hashchange', () => route(true));
  document.querySelector('.skip-link').addEventListener('click', (e) => {
    e.preventDefault(); // keep the #/identity/… route
    ($('detail-heading') ?? $('detail')).focus();
  });
  route(false);
  await refresh();
  subscribe(
    () => refresh(),
    (s) => {
      $('live').textContent = s === 'live' ? 'Live' : 'Reconnecting…';
      $('live').className = `live live-${s}`;
    },
  );
  // A fault that stopped an operation changes no state, so the stream says nothing: look every few seconds.
  setInterval(() => loadFaults().catch(() => undefined), 3000);
}

start();
