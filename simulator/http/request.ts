/**
 * @module http/request
 * Small request helpers shared by the routers.
 */
import type { Context } from 'hono';
import { ProblemError } from './problem.js';

/** Query parameters as a plain object (the last value wins for repeated names). */
export function queryOf(c: Context): Record<string, string | undefined> {
  return c.req.query();
}

/** The origin clients used to reach us (for URLs we hand out, such as upload_url). */
export function publicOrigin(c: Context): string {
  return new URL(c.req.url).origin;
}

/** A handler answering 405 with an Allow header, for known paths and other methods. */
export function methodNotAllowed(allow: string) {
  return (c: Context): Response => {
    throw new ProblemError(
      { type: 'about:blank', title: 'Method Not Allowed', status: 405, detail: `${c.req.method} is not allowed here; use ${allow}` },
      { allow },
    );
  };
}
