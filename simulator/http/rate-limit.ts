/**
 * @module http/rate-limit
 * Paxos's rate limits, when switched on (REFERENCE.md §7.5): requests per
 * second averaged over a window, per source IP and endpoint group (the token
 * endpoint 1/s, identity endpoints 10/s, everything else 50/s); going over
 * answers 429 `Too many requests` and throttles every request from that IP
 * for the throttle period. Time is the simulator clock.
 *
 * SANDBOX: Paxos names no rate-limit headers; the simulator sends Retry-After
 * (seconds until the throttle ends) so clients can test their backoff.
 */
import type { MiddlewareHandler } from 'hono';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { ProblemError } from './problem.js';

type Limits = NonNullable<Config['rateLimits']>;
type Group = keyof Limits['perSecond'];

export function groupOf(path: string): Group | undefined {
  if (path === '/oauth2/token') return 'token';
  if (path.startsWith('/v2/identity/')) return 'identity';
  if (path.startsWith('/v2/')) return 'other';
  return undefined;
}

function sourceIp(env: unknown): string {
  const socket = (env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket;
  return socket?.remoteAddress ?? 'in-process';
}

export function rateLimit(limits: Limits, clock: Clock): MiddlewareHandler {
  const hits = new Map<string, number[]>();
  const throttledUntil = new Map<string, number>();
  return async (c, next) => {
    const group = groupOf(c.req.path);
    if (!group) return next();
    const ip = sourceIp(c.env);
    const now = clock.nowMs();
    const until = throttledUntil.get(ip) ?? 0;
    if (until > now) throw tooMany(until - now);
    const key = `${ip}|${group}`;
    const recent = (hits.get(key) ?? []).filter((t) => t > now - limits.windowMs);
    recent.push(now);
    hits.set(key, recent);
    if (recent.length > (limits.perSecond[group] * limits.windowMs) / 1000) {
      throttledUntil.set(ip, now + limits.throttleMs);
      hits.delete(key);
      throw tooMany(limits.throttleMs);
    }
    return next();
  };
}

function tooMany(waitMs: number): ProblemError {
  return new ProblemError(
    { type: 'about:blank', title: 'Too Many Requests', status: 429, detail: 'Too many requests' },
    { 'retry-after': String(Math.max(1, Math.ceil(waitMs / 1000))) },
  );
}
