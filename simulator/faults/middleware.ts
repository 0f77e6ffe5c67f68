/**
 * @module faults/middleware
 * Carries out API faults on the Paxos surface (/oauth2/token and /v2/...).
 *
 * A `before` fault is decided and applied before the operation runs, so
 * nothing is half-done: a create answered 503 did not create. An `after`
 * fault lets the operation run and, only if it succeeded, spoils the answer
 * (a lost response): the write is stored, the client does not learn it.
 *
 * Every fault sets the `fault` context variable (read by the request log) and
 * is recorded in the engine's log; answers carry `x-paxos-sim-fault: <id>`.
 *
 * Latency and hang times are real wall time, not the simulator clock: they
 * exist to exercise a client's timeouts.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { Store } from '../store/store.js';
import type { FaultEngine } from './engine.js';
import type { OperationLookup } from './operations.js';
import { revokeClientTokens } from './revoke.js';
import { describeAction, type ApiFaultAction, type FaultRule } from './rules.js';

export const FAULT_HEADER = 'x-paxos-sim-fault';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  409: 'Already Exists',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

const DETAILS: Record<number, string> = {
  429: 'Too many requests',
  500: 'an unexpected error occurred',
  502: 'the upstream service answered with an error',
  503: 'the service is temporarily unavailable; try again later',
  504: 'the upstream service did not answer in time',
};

interface Socketish {
  destroy(): void;
  destroyed?: boolean;
  once(event: 'close', fn: () => void): void;
}

function socketOf(c: Context): Socketish | undefined {
  return (c.env as { incoming?: { socket?: Socketish } } | undefined)?.incoming?.socket;
}

/** Wait `ms` of real time, or less if the connection closes first. */
function pause(ms: number, socket: Socketish | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref?.();
    socket?.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** The OAuth client behind a request: its bearer token, or the token request's credentials. */
async function clientOf(c: Context, store: Store): Promise<string | undefined> {
  const header = c.req.header('authorization') ?? '';
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (bearer) return store.read((db) => db.tokens.get(bearer[1])?.client_id);
  const basic = /^Basic\s+(\S+)/i.exec(header);
  if (basic) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const idx = decoded.indexOf(':');
    if (idx > 0) return decodeURIComponent(decoded.slice(0, idx).replace(/\+/g, ' '));
  }
  if (c.req.path === '/oauth2/token' && /x-www-form-urlencoded/i.test(c.req.header('content-type') ?? '')) {
    const text = await c.req.text().catch(() => ''); // cached: the route reads the same body
    return new URLSearchParams(text).get('client_id') ?? undefined;
  }
  return undefined;
}

function problemBody(action: Extract<ApiFaultAction, { kind: 'status' }>): Record<string, unknown> {
  const title = TITLES[action.status] ?? 'Error';
  return { type: 'about:blank', title, status: action.status, detail: action.detail ?? DETAILS[action.status] ?? title };
}

/** A response whose body fails while being read: what a reset looks like in process (no socket). */
function brokenResponse(afterMs: number): Response {
  const body = new ReadableStream({
    start(controller) {
      if (afterMs <= 0) controller.error(new Error('connection reset by fault injection'));
      else setTimeout(() => controller.error(new Error('connection closed by fault injection')), afterMs).unref?.();
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
}

export interface FaultMiddlewareDeps {
  faults: FaultEngine;
  operations: OperationLookup;
  store: Store;
}

/**
 * @example
 * app.use('*', faultInjection({ faults, operations: sharedOperationLookup(), store }));
 */
export function faultInjection(deps: FaultMiddlewareDeps): MiddlewareHandler {
  const { faults, operations, store } = deps;

  const revoke = async (clientId: string | undefined) => (clientId ? revokeClientTokens(store, clientId) : 0);

  return async (c, next) => {
    const path = c.req.path;
    if ((path !== '/oauth2/token' && !path.startsWith('/v2/')) || !faults.hasApiRules()) return next();
    const method = c.req.method;
    const call = { method, path, operation: operations.find(method, path)?.operationId, client_id: await clientOf(c, store) };

    const mark = (rule: FaultRule) => {
      const action = describeAction(rule.action, rule.phase);
      faults.record({ fault_id: rule.id, fault_name: rule.name, target: 'api', action, method, path, operation: call.operation, client_id: call.client_id });
      c.set('fault' as never, `${rule.id}: ${action}` as never);
    };
    const withHeader = (res: Response, rule: FaultRule) => {
      const headers = new Headers(res.headers);
      headers.set(FAULT_HEADER, rule.id);
      return new Response(res.body, { status: res.status, headers });
    };
    const drop = async (rule: FaultRule, action: Extract<ApiFaultAction, { kind: 'drop' }>): Promise<Response> => {
      const socket = socketOf(c);
      if (!socket) return brokenResponse(action.mode === 'hang' ? action.hangMs : 0);
      if (action.mode === 'hang') await pause(action.hangMs, socket);
      socket.destroy();
      return withHeader(new Response(null, { status: 500 }), rule);
    };

    const before = faults.decideApi(call, 'before');
    if (before) {
      mark(before);
      const action = before.action as ApiFaultAction;
      switch (action.kind) {
        case 'status': {
          const headers: Record<string, string> = { 'content-type': 'application/json', [FAULT_HEADER]: before.id };
          if (action.retryAfterSeconds !== undefined) headers['retry-after'] = String(action.retryAfterSeconds);
          return c.body(JSON.stringify(problemBody(action)), action.status as 500, headers);
        }
        case 'malformed': {
          const text = JSON.stringify(problemBody({ kind: 'status', status: 502 }));
          return c.body(text.slice(0, Math.floor(text.length / 2)), 502, { 'content-type': 'application/json', [FAULT_HEADER]: before.id });
        }
        case 'drop':
          return drop(before, action);
        case 'latency':
          await pause(action.ms, socketOf(c));
          break;
        case 'revoke_tokens':
          // The caller's own token goes too: bearer auth answers this call 401.
          await revoke(call.client_id);
          break;
      }
      await next();
      c.res = withHeader(c.res, before);
      return;
    }

    await next();
    if (c.res.status < 200 || c.res.status >= 300) return;
    const after = faults.decideApi(call, 'after');
    if (!after) return;
    mark(after);
    const action = after.action as ApiFaultAction;
    switch (action.kind) {
      case 'status': {
        const headers: Record<string, string> = { 'content-type': 'application/json', [FAULT_HEADER]: after.id };
        if (action.retryAfterSeconds !== undefined) headers['retry-after'] = String(action.retryAfterSeconds);
        c.res = new Response(JSON.stringify(problemBody(action)), { status: action.status, headers });
        return;
      }
      case 'malformed': {
        const text = await c.res.text();
        const headers = new Headers(c.res.headers);
        headers.set(FAULT_HEADER, after.id);
        headers.delete('content-length');
        c.res = new Response(text.slice(0, Math.floor(text.length / 2)), { status: c.res.status, headers });
        return;
      }
      case 'drop':
        c.res = await drop(after, action);
        return;
      case 'revoke_tokens':
        await revoke(call.client_id);
        c.res = withHeader(c.res, after);
        return;
      case 'latency':
        return; // refused by the parser
    }
  };
}
