/**
 * @module http/control-auth
 * The control API's optional token (`control.token` / --control-token): when
 * set, every /_sim/ request carries it as X-Sim-Token, as a bearer token, or
 * as `?token=` (for the dashboard in a browser); otherwise a 401 Problem.
 */
import type { MiddlewareHandler } from 'hono';
import { problem } from './problem.js';

export function controlAuth(token: string | undefined): MiddlewareHandler {
  return async (c, next) => {
    if (token) {
      const given = c.req.header('x-sim-token') ?? c.req.header('authorization')?.replace(/^Bearer\s+/i, '') ?? c.req.query('token');
      if (given !== token) throw problem(401, 'the control API needs its token (X-Sim-Token header)');
    }
    await next();
  };
}
