/**
 * @module http/body
 * Reads a JSON request body: checks the content type, the 1 MB limit and the
 * syntax, each failure a Problem with the right status.
 */
import type { Context } from 'hono';
import { problem } from './problem.js';

export const JSON_BODY_LIMIT = 1024 * 1024;

export async function readJsonBody(c: Context): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw problem(415, `Content-Type must be application/json, got "${type || 'none'}"`);
  }
  const declared = Number(c.req.header('content-length') ?? NaN);
  if (declared > JSON_BODY_LIMIT) throw problem(413, `request body must be at most ${JSON_BODY_LIMIT} bytes`);
  const buffer = await c.req.arrayBuffer();
  if (buffer.byteLength > JSON_BODY_LIMIT) throw problem(413, `request body must be at most ${JSON_BODY_LIMIT} bytes`);
  const text = new TextDecoder().decode(buffer);
  if (text.trim() === '') throw problem(400, 'request body is empty; a JSON object is required');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw problem(400, `request body is not valid JSON: ${(err as Error).message}`);
  }
}

/** A JSON object body, as for the control API: 400 when the JSON is not an object. */
export async function readJsonObject(c: Context): Promise<Record<string, unknown>> {
  const body = await readJsonBody(c);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw problem(400, 'request body must be a JSON object');
  return body as Record<string, unknown>;
}

/** A JSON object body that may be left out entirely (no content type, nothing sent): `{}` then. */
export async function readOptionalJsonObject(c: Context): Promise<Record<string, unknown>> {
  if (!c.req.header('content-type') && (await c.req.text()).trim() === '') return {};
  return readJsonObject(c);
}
