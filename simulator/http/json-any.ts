/**
 * @module http/json-any
 * Request bodies of the account, profile and identity-control operations are
 * read as JSON whatever the Content-Type says (absent, or
 * application/x-www-form-urlencoded as `curl --data` sends it), because Paxos's
 * guides send them that way and document them as succeeding.
 */
import type { Context } from 'hono';
import { JSON_BODY_LIMIT } from './body.js';
import { badRequest, problem } from './problem.js';

async function bodyText(c: Context): Promise<string> {
  const declared = Number(c.req.header('content-length') ?? NaN);
  if (declared > JSON_BODY_LIMIT) throw problem(413, `request body must be at most ${JSON_BODY_LIMIT} bytes`);
  const buffer = await c.req.arrayBuffer();
  if (buffer.byteLength > JSON_BODY_LIMIT) throw problem(413, `request body must be at most ${JSON_BODY_LIMIT} bytes`);
  return new TextDecoder().decode(buffer);
}

function parseObject(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw badRequest(`request body is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badRequest('request body must be a JSON object');
  return value as Record<string, unknown>;
}

/** A JSON object body, whatever the Content-Type; 400 when it is empty, not JSON or not an object. */
export async function readAnyJsonObject(c: Context): Promise<Record<string, unknown>> {
  const text = await bodyText(c);
  if (text.trim() === '') throw badRequest('request body is empty; a JSON object is required');
  return parseObject(text);
}

/** As readAnyJsonObject, but an empty body is `undefined` (DELETE may carry one or not). */
export async function readOptionalAnyJsonObject(c: Context): Promise<Record<string, unknown> | undefined> {
  const text = await bodyText(c);
  return text.trim() === '' ? undefined : parseObject(text);
}
