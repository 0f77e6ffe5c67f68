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

/**
 * A JSON body's text parsed: a 400 Problem when it is not JSON, naming the
 * Content-Type it was sent as (`contentType` is asked only then). Shared with
 * the Create Identity fast lane (http/create-lane.ts).
 */
export function parseJsonText(text: string, contentType: () => string | undefined): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const type = contentType();
    const sent = type ? ` (sent as ${type.split(';')[0]})` : '';
    throw problem(400, `request body is not valid JSON${sent}: ${(err as Error).message}`, {
      errors: [{ field: 'request body', message: 'must be a JSON document' }],
    });
  }
}

const parseJson = (c: Context, text: string): unknown => parseJsonText(text, () => c.req.header('content-type'));

/** A required JSON body's text parsed: a 400 Problem when it is empty (blank) or not JSON. */
export function parseRequiredJson(text: string, contentType: () => string | undefined): unknown {
  if (text.trim() === '') throw problem(400, 'request body is empty; a JSON object is required');
  return parseJsonText(text, contentType);
}

function asObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw problem(400, 'request body must be a JSON object');
  return body as Record<string, unknown>;
}

export async function readJsonBody(c: Context): Promise<unknown> {
  return parseRequiredJson(await c.req.text(), () => c.req.header('content-type'));
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
