/**
 * @module faults/operations
 * Which operation of our OpenAPI document a request is: method and server path
 * (`/oauth2/token`, `/v2/...`) to operationId. Used by fault matching and by
 * the validating proxy.
 */
import { loadSpec, type OpenApiOperation, type SpecDocument } from '../spec/spec.js';

export interface OperationLookup {
  /** The operation for this method and path, e.g. ('GET', '/v2/identity/identities/abc') → GetIdentity. */
  find(method: string, path: string): OpenApiOperation | undefined;
}

/** The path on our server: the token endpoint has its own host at Paxos; everything else is under /v2. */
export function serverPath(specPath: string): string {
  return specPath === '/oauth2/token' ? specPath : `/v2${specPath}`;
}

export function createOperationLookup(spec: SpecDocument = loadSpec()): OperationLookup {
  const table = [...spec.operations.values()].map((op) => {
    const pattern = serverPath(op.path)
      .split('/')
      .map((part) => (/^\{.+\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/');
    // Literal paths first, so /identities/{id}/documents never loses to /identities/{id}.
    return { op, regex: new RegExp(`^${pattern}/?$`), literal: !op.path.includes('{'), depth: op.path.split('/').length };
  });
  table.sort((a, b) => Number(b.literal) - Number(a.literal) || b.depth - a.depth);
  return {
    find(method, path) {
      const m = method.toUpperCase();
      return table.find((t) => t.op.method === m && t.regex.test(path))?.op;
    },
  };
}

let shared: OperationLookup | undefined;
/** One lookup for the process, its table built on the first find (only fault rules need it), not at start-up. */
export function sharedOperationLookup(): OperationLookup {
  return { find: (method, path) => (shared ??= createOperationLookup()).find(method, path) };
}
