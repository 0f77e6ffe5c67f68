// api.js: calls to the simulator's control API from the page. Errors come back
// as RFC 7807 Problems; they are thrown as ApiProblem so the page can show
// the Problem's title and detail. A control-API token in the page's URL
// (?token=) is sent along as X-Sim-Token (and as ?token= for the event stream).

const TOKEN = new URLSearchParams(location.search).get('token');
export const SIM = '/_sim';

export class ApiProblem extends Error {
  constructor(problem, status) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.problem = problem ?? {};
    this.status = status;
  }
}

/**
 * @example const body = await api('/api/identities', { query: { status: 'PENDING' } });
 */
export async function api(path, { method = 'GET', body, query } = {}) {
  const url = new URL(SIM + path, location.origin);
  for (const [k, v] of Object.entries(query ?? {})) if (v) url.searchParams.set(k, v);
  const headers = { accept: 'application/json, application/problem+json' };
  if (TOKEN) headers['x-sim-token'] = TOKEN;
  // The control API refuses state-changing calls a web form could make; this header marks the page's own.
  if (method !== 'GET') headers['x-paxos-sim'] = 'dashboard';
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res;
  try {
    res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (err) {
    throw new ApiProblem({ title: 'Network error', detail: `the simulator did not answer (${err.message})` }, 0);
  }
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) throw new ApiProblem(json ?? { title: res.statusText, status: res.status, detail: text.slice(0, 200) }, res.status);
  return json;
}

/** The change stream; `onChange` runs after every state change, `onState` with 'live' | 'offline'. */
export function subscribe(onChange, onState) {
  const url = new URL(`${SIM}/api/stream`, location.origin);
  if (TOKEN) url.searchParams.set('token', TOKEN);
  const source = new EventSource(url);
  source.addEventListener('ready', () => {
    onState('live');
    onChange(); // catch up on anything missed while disconnected
  });
  source.addEventListener('change', () => onChange());
  source.addEventListener('error', () => onState('offline'));
  return source;
}
