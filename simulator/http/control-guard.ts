/**
 * @module http/control-guard
 * The control API and dashboard (/_sim/) answer only requests a local
 * developer's own tools make (see README "Security model"):
 *
 *   - the Host header names a loopback address, an IP literal or the
 *     configured host (a rebinding DNS name is refused, for GETs as well);
 *   - a state-changing call (anything but GET/HEAD/OPTIONS) carries no foreign
 *     Origin and is not a cross-site fetch (Sec-Fetch-Site);
 *   - a state-changing call with a body declares JSON, or carries the
 *     X-Paxos-Sim (or X-Sim-Token) header: HTML forms can send neither, so a
 *     web page cannot reach /_sim/ with a form post.
 *
 * A call without a body and without Origin (curl -X POST …) is a local tool's.
 * The Host check applies to requests that arrived over the network; a request
 * handed to `app.request()`/`app.fetch()` in-process has no DNS name to rebind.
 */
import type { MiddlewareHandler } from 'hono';
import { isIP } from 'node:net';
import { problem } from './problem.js';

/** The custom header a tool may send instead of a JSON body (any value). */
export const CONTROL_HEADER = 'x-paxos-sim';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const JSON_TYPE = /^application\/([\w.+-]+\+)?json\b/i;

/** The host name of a Host header value (`[::1]:4010` → `::1`, `Localhost:80` → `localhost`). */
export function hostName(hostHeader: string): string {
  const h = hostHeader.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']') < 0 ? undefined : h.indexOf(']'));
  const colon = h.lastIndexOf(':');
  return colon >= 0 && h.indexOf(':') === colon ? h.slice(0, colon) : h;
}

/** Loopback names and every IP literal (an IP cannot be rebound), plus the configured host. */
export function isAllowedHost(name: string, configuredHost: string): boolean {
  const n = name.replace(/\.$/, '');
  if (n === 'localhost' || n.endsWith('.localhost')) return true;
  if (isIP(n) !== 0) return true;
  const configured = configuredHost.toLowerCase().replace(/^\[|\]$/g, '');
  return n === configured;
}

/** True for a loopback bind address (127.0.0.0/8, ::1, localhost). */
export function isLoopbackAddress(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '::ffff:127.0.0.1';
}

/**
 * @example
 * control.use('*', controlGuard({ host: config.host }));
 */
export function controlGuard(options: { host: string }): MiddlewareHandler {
  return async (c, next) => {
    const hostHeader = c.req.header('host') ?? new URL(c.req.url).host;
    const overNetwork = (c.env as { incoming?: unknown } | undefined)?.incoming !== undefined;
    if (overNetwork && !isAllowedHost(hostName(hostHeader), options.host)) {
      throw problem(403, `the control API answers only requests addressed to a loopback address, an IP address or the configured host (${options.host}); got Host "${hostHeader}"`);
    }
    if (SAFE_METHODS.has(c.req.method)) return next();
    const origin = c.req.header('origin');
    if (origin !== undefined) {
      let originHost: string | undefined;
      try {
        originHost = new URL(origin).host.toLowerCase();
      } catch {
        originHost = undefined;
      }
      if (originHost !== hostHeader.trim().toLowerCase()) {
        throw problem(403, `cross-origin requests cannot change the simulator (Origin "${origin}"); call the control API from the dashboard or a local tool`);
      }
    }
    const site = c.req.header('sec-fetch-site')?.toLowerCase();
    if (site === 'cross-site' || site === 'same-site') {
      throw problem(403, `cross-site requests cannot change the simulator (Sec-Fetch-Site: ${site})`);
    }
    const type = c.req.header('content-type');
    const hasBody = type !== undefined || (c.req.header('content-length') ?? '0') !== '0' || c.req.header('transfer-encoding') !== undefined;
    const custom = c.req.header(CONTROL_HEADER) !== undefined || c.req.header('x-sim-token') !== undefined;
    if (hasBody && !custom && !JSON_TYPE.test(type ?? '')) {
      throw problem(415, `state-changing control calls take a JSON body (Content-Type: application/json) or the ${CONTROL_HEADER} header; got Content-Type "${type ?? 'none'}"`);
    }
    return next();
  };
}
