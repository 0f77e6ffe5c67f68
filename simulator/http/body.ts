/**
 * @module http/body
 * Reads a JSON request body: its syntax and shape, each failure a 400
 * Problem (the size limit is http/body-limit.ts, one for every route).
 *
 * The Content-Type header is not consulted: Paxos's guides send JSON with
 * `curl --data` and no Content-Type, so curl labels it
 * application/x-www-form-urlencoded, and Paxos accepts it (issue 9). A body that
 * is not JSON is a 400 that says so, whatever the header claimed.
 */
import type { Context } from 'hono';
import { problem } from './problem.js';

function parseJson(c: Context, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const type = c.req.header('content-type');
    const sent = type ? ` (sent as ${type.split(';')[0]})` : '';
    throw problem(400, `request body is not valid JSON${sent}: ${(err as Error).message}`, {
      errors: [{ field: 'request body', message: 'must be a JSON document' }],
    });
  }
}

function asObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw problem(400, 'request body must be a JSON object');
  return body as Record<string, unknown>;
}

export async function readJsonBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') throw problem(400, 'request body is empty; a JSON object is required');
  return parseJson(c, text);
}

/** A JSON object body: 400 when it is empty, not JSON or not an object. */
export async function readJsonObject(c: Context): Promise<Record<string, unknown>> {
  return asObject(await readJsonBody(c));
}

/** A JSON object body that may be left out entirely (nothing sent): `{}` then. */
export async function readOptionalJsonObject(c: Context): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  return text.trim() === '' ? {} : asObject(parseJson(c, text));
}
