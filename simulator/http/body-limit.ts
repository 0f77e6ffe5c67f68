/**
 * @module http/body-limit
 * One request-body limit for every route (the token endpoint, /v2 and the
 * control API alike), enforced while the body streams: a declared
 * Content-Length over the limit is refused before anything is read, and a
 * chunked body is counted as it arrives and cut off at the limit, so a large
 * body is never buffered whole. The answer is a 413 Problem whatever the
 * route's handler did with the failed read.
 *
 * A body the client aborts half-way is logged as an abort (info), not as an
 * unhandled error.
 *
 * A body with a declared Content-Length within the limit (what every client
 * sends for a JSON body) is read whole here, straight from the connection,
 * and handed to the handlers through Hono's body cache: the HTTP server
 * delivers exactly the declared bytes, so nothing needs counting, and no
 * streaming Request has to be built around it. Chunked bodies (no
 * Content-Length) are counted as they stream.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { Logger } from '../logger.js';
import { problem, ProblemError, problemResponse } from './problem.js';

/** 1 MiB: far above any Paxos Identity request body. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

class BodyTooLarge extends ProblemError {}
class BodyAborted extends ProblemError {}

/** How much more of a refused body is read (and dropped) so the 413 reaches the client; then the connection is cut. */
const DISCARD_BYTES = 64 * 1024 * 1024;

/**
 * Read and drop what is left of a refused body, without keeping any of it, so
 * that the client (still sending) can read the 413; past `budget` bytes the
 * connection is cut.
 */
async function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>, budget: number): Promise<void> {
  let dropped = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      dropped += value.byteLength;
      if (dropped > budget) return void (await reader.cancel());
    }
  } catch {
    // the client gave up or the connection closed: nothing left to drop
  }
}

const tooLarge = (max: number) => new BodyTooLarge(problem(413, `request body must be at most ${max} bytes`).problem);
/** The 400 for a body the client stopped sending (also the Create Identity fast lane's, http/create-lane.ts). */
export const aborted = (): ProblemError => new BodyAborted(problem(400, 'the client aborted the request body').problem);

/** The log line (info) for a body the client stopped sending. */
export function logAborted(logger: Logger, method: string, path: string): void {
  logger.info('request aborted by the client while sending its body', { method, path });
}

const utf8 = new TextDecoder();
/** A body's bytes as the handlers read them: UTF-8, a BOM dropped, as Request.text() does. */
export const decodeBody = (bytes: ArrayBuffer | Uint8Array): string => utf8.decode(bytes);

/**
 * Read a body of declared length whole and put it in Hono's body cache:
 * `c.req.arrayBuffer()`, `parseBody()` and the rest read the bytes, and
 * `c.req.text()` decodes them once, on first use (UTF-8, a BOM dropped, as
 * Request.text() does).
 */
async function readDeclaredBody(c: Context, maxBytes: number): Promise<'ok' | 'too-large' | 'aborted'> {
  let bytes: ArrayBuffer;
  try {
    bytes = await c.req.arrayBuffer();
  } catch {
    return 'aborted';
  }
  // The HTTP server delivers exactly the declared length; a Request built in process may not.
  if (bytes.byteLength > maxBytes) return 'too-large';
  let text: Promise<string> | undefined;
  Object.defineProperty(c.req.bodyCache, 'text', {
    configurable: true,
    enumerable: false, // Hono converts from the first enumerable entry: the bytes
    get: () => (text ??= Promise.resolve(decodeBody(bytes))),
    set: (value: Promise<string>) => void (text = value),
  });
  return 'ok';
}

/**
 * @example
 * app.use('*', bodySizeLimit({ maxBytes: BODY_LIMIT_BYTES, logger }));
 */
export function bodySizeLimit(options: { maxBytes: number | ((path: string) => number); logger: Logger }): MiddlewareHandler {
  const { logger } = options;
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const maxBytes = typeof options.maxBytes === 'function' ? options.maxBytes(c.req.path) : options.maxBytes;
    const declared = c.req.header('content-length');
    if (declared !== undefined && Number(declared) > maxBytes) throw tooLarge(maxBytes);
    if (declared !== undefined && /^\d+$/.test(declared)) {
      if (declared === '0') return next();
      const read = await readDeclaredBody(c, maxBytes);
      if (read === 'too-large') throw tooLarge(maxBytes);
      if (read === 'aborted') {
        logAborted(logger, c.req.method, c.req.path);
        throw aborted();
      }
      return next();
    }
    const source = c.req.raw.body;
    if (!source) return next();
    let state = 'ok' as 'ok' | 'too-large' | 'aborted';
    let received = 0;
    const reader = source.getReader();
    const counted = new ReadableStream<Uint8Array>({
      async pull(controller) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch {
          state = 'aborted';
          controller.error(aborted());
          return;
        }
        if (chunk.done) return controller.close();
        received += chunk.value.byteLength;
        if (received > maxBytes) {
          state = 'too-large';
          controller.error(tooLarge(maxBytes));
          void discardRest(reader, DISCARD_BYTES);
          return;
        }
        controller.enqueue(chunk.value);
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    });
    c.req.raw = new Request(c.req.raw, { body: counted, duplex: 'half' } as RequestInit);
    await next();
    if (state === 'too-large') {
      c.res = undefined;
      c.res = problemResponse(c, tooLarge(maxBytes));
    } else if (state === 'aborted') {
      logAborted(logger, c.req.method, c.req.path);
    }
  };
}
