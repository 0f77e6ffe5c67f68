/**
 * @module spec/spec
 * Loads our OpenAPI document (contracts/openapi/paxos-identity.yaml), the one
 * source of truth for request validation, and indexes its operations.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseYaml } from '../lazy-modules.js';
import { SPEC_JSON, SPEC_YAML_SHA256 } from './generated/spec-document.js';
import { specHash } from './spec-module.js';

export const SPEC_RELATIVE_PATH = 'contracts/openapi/paxos-identity.yaml';

export interface OpenApiParameter {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required?: boolean;
  schema?: Record<string, unknown>;
}

export interface OpenApiOperation {
  operationId: string;
  method: string;
  path: string;
  parameters: OpenApiParameter[];
  requestBody?: { content?: Record<string, { schema?: Record<string, unknown> }> };
  responses: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }>;
  security?: Array<Record<string, string[]>>;
}

export interface SpecDocument {
  doc: Record<string, unknown>;
  operations: Map<string, OpenApiOperation>;
  /** the YAML's SHA-256 when the document is the one parsed at build time (generated/spec-document.ts), else undefined */
  builtFrom?: string;
}

/** Find the spec by walking up from this module (works from sources and from dist/). */
export function findSpecPath(start = dirname(fileURLToPath(import.meta.url))): string {
  let dir = start;
  for (;;) {
    const candidate = join(dir, SPEC_RELATIVE_PATH);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find ${SPEC_RELATIVE_PATH} above ${start}`);
    dir = parent;
  }
}

let cached: SpecDocument | undefined;

/** Parse the spec once per process (it is immutable). */
export function loadSpec(path = findSpecPath()): SpecDocument {
  if (cached && path === findSpecPath()) return cached;
  const text = readFileSync(path, 'utf8');
  // The document parsed at build time (scripts/gen-types.ts), when it was made from this very text.
  const builtIn = specHash(text) === SPEC_YAML_SHA256;
  const doc = (builtIn ? JSON.parse(SPEC_JSON) : parseYaml(text)) as Record<string, unknown>;
  const operations = new Map<string, OpenApiOperation>();
  const paths = doc.paths as Record<string, Record<string, unknown>>;
  for (const [path, item] of Object.entries(paths)) {
    const shared = (item.parameters ?? []) as OpenApiParameter[];
    for (const method of ['get', 'put', 'post', 'delete', 'patch']) {
      const op = item[method] as Record<string, unknown> | undefined;
      if (!op) continue;
      const parameters = [...shared, ...((op.parameters ?? []) as OpenApiParameter[])].map((p) => resolveRef(doc, p));
      operations.set(op.operationId as string, {
        operationId: op.operationId as string,
        method: method.toUpperCase(),
        path,
        parameters,
        requestBody: op.requestBody ? resolveRef(doc, op.requestBody) : undefined,
        responses: (op.responses ?? {}) as OpenApiOperation['responses'],
        security: op.security as OpenApiOperation['security'],
      });
    }
  }
  const result: SpecDocument = { doc, operations, builtFrom: builtIn ? SPEC_YAML_SHA256 : undefined };
  if (path === findSpecPath()) cached = result;
  return result;
}

/** Follow a local `$ref` (e.g. '#/components/responses/BadRequest') to its target. */
export function resolveRef<T>(doc: Record<string, unknown>, node: T): T {
  const ref = (node as { $ref?: string } | undefined)?.$ref;
  if (!ref) return node;
  let target: unknown = doc;
  for (const part of ref.replace(/^#\//, '').split('/')) target = (target as Record<string, unknown> | undefined)?.[part];
  return resolveRef(doc, target as T);
}
