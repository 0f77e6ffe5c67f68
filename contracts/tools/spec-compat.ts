/**
 * @module contracts/tools/spec-compat
 * Shape compatibility check between Paxos's published OpenAPI document ("upstream") and ours.
 *
 * Ours may add operations, responses, fields and enum values; it must not lose or change
 * anything upstream has. Checked for every upstream operation: presence (method + path),
 * operationId, parameters (same `in`, schema type/format, enum superset), request body and
 * every response code, whose schemas are compared recursively after resolving `$ref` in each
 * document. Every upstream component schema must exist in ours under the same name and is
 * compared too. `compareSpecs` is pure; `loadSpec` is the only I/O.
 *
 * Options for upstream files that differ only in framing: `stripPathPrefix` maps an upstream
 * path such as `/v2/identity/controls` (a file without `servers`) onto ours (`/identity/controls`
 * under the `/v2` server). Error responses are compared as Problems: an upstream
 * `application/problem+json` response is satisfied by our `application/json` one. A `$ref` that
 * points outside `#/components/schemas` (e.g. the preview file's refs into `components/examples`)
 * names no schema and is not compared.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export type SpecDifferenceKind =
  | 'missing-operation'
  | 'missing-parameter'
  | 'parameter-type'
  | 'missing-field'
  | 'field-type'
  | 'missing-enum-value'
  | 'missing-schema'
  | 'missing-response';

export interface SpecDifference {
  kind: SpecDifferenceKind;
  /** Readable location, e.g. `GET /events ?created_at.gt` or `#/components/schemas/Event/properties/id`. */
  where: string;
  detail: string;
}

type Json = Record<string, unknown>;

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

/** Read an OpenAPI document from a YAML or JSON file (JSON is valid YAML). */
export function loadSpec(path: string): Json {
  const doc: unknown = parse(readFileSync(path, 'utf8'));
  if (!isObject(doc)) throw new Error(`${path} does not contain an OpenAPI object`);
  return doc;
}

/** Number of operations and component schemas in a document (for summaries). */
export function summarizeSpec(doc: object): { operations: number; schemas: number } {
  const d = doc as Json;
  let operations = 0;
  for (const item of Object.values(asObject(d.paths))) {
    for (const m of METHODS) if (isObject(asObject(item)[m])) operations++;
  }
  const schemas = Object.keys(asObject(asObject(d.components).schemas)).length;
  return { operations, schemas };
}

/**
 * List every way `ours` fails to be a compatible superset of `upstream`.
 * @returns differences in discovery order, without duplicates; empty when compatible.
 */
export interface CompareOptions {
  /** removed from the start of every upstream path before looking it up in ours, e.g. `/v2` */
  stripPathPrefix?: string;
}

export function compareSpecs(upstream: object, ours: object, options: CompareOptions = {}): SpecDifference[] {
  const ctx = new Context(upstream as Json, ours as Json);
  const upPaths = asObject((upstream as Json).paths);
  const ourPaths = asObject((ours as Json).paths);
  const prefix = options.stripPathPrefix;
  for (const [upPath, upItemRaw] of Object.entries(upPaths)) {
    const path = prefix && upPath.startsWith(`${prefix}/`) ? upPath.slice(prefix.length) : upPath;
    const upItem = asObject(ctx.up.resolve(upItemRaw));
    const ourItem = asObject(ctx.ours.resolve(ourPaths[path]));
    for (const method of METHODS) {
      if (!isObject(upItem[method])) continue;
      compareOperation(ctx, `${method.toUpperCase()} ${upPath}`, upItem, ourItem, method);
    }
  }
  const upSchemas = asObject(asObject((upstream as Json).components).schemas);
  const ourSchemas = asObject(asObject((ours as Json).components).schemas);
  for (const name of Object.keys(upSchemas)) {
    const where = `#/components/schemas/${name}`;
    if (!(name in ourSchemas)) {
      ctx.add('missing-schema', where, `component schema ${name} is missing`);
      continue;
    }
    compareSchema(ctx, { $ref: where }, { $ref: where }, where, 'field-type');
  }
  return ctx.differences;
}

// ---------------------------------------------------------------------------------------------

class Doc {
  constructor(private readonly root: Json) {}

  /** Follow `$ref` chains (local refs only); returns undefined when a ref cannot be resolved. */
  resolve(node: unknown, seen = new Set<string>()): unknown {
    if (!isObject(node) || typeof node.$ref !== 'string') return node;
    const ref = node.$ref;
    if (seen.has(ref) || !ref.startsWith('#/')) return undefined;
    seen.add(ref);
    let cur: unknown = this.root;
    for (const raw of ref.slice(2).split('/')) {
      const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      cur = isObject(cur) ? cur[key] : undefined;
    }
    return this.resolve(cur, seen);
  }
}

class Context {
  readonly up: Doc;
  readonly ours: Doc;
  readonly differences: SpecDifference[] = [];
  private readonly keys = new Set<string>();
  /** Pairs of (upstream, ours) `$ref` targets already compared; guards cycles and repeats. */
  readonly visited = new Set<string>();

  constructor(up: Json, ours: Json) {
    this.up = new Doc(up);
    this.ours = new Doc(ours);
  }

  add(kind: SpecDifferenceKind, where: string, detail: string): void {
    const key = `${kind}|${where}|${detail}`;
    if (this.keys.has(key)) return;
    this.keys.add(key);
    this.differences.push({ kind, where, detail });
  }
}

function compareOperation(ctx: Context, label: string, upItem: Json, ourItem: Json, method: string): void {
  const upOp = asObject(upItem[method]);
  const ourOpRaw = ourItem[method];
  if (!isObject(ourOpRaw)) {
    ctx.add('missing-operation', label, `operation ${String(upOp.operationId ?? label)} is missing`);
    return;
  }
  const ourOp = ourOpRaw;
  if (upOp.operationId !== undefined && upOp.operationId !== ourOp.operationId) {
    ctx.add('missing-operation', label, `operationId ${String(upOp.operationId)} expected, found ${String(ourOp.operationId)}`);
  }
  compareParameters(ctx, label, collectParameters(ctx.up, upItem, upOp), collectParameters(ctx.ours, ourItem, ourOp));
  compareRequestBody(ctx, label, upOp.requestBody, ourOp.requestBody);
  compareResponses(ctx, label, asObject(upOp.responses), asObject(ourOp.responses));
}

/** Path-level parameters overridden by operation-level ones, keyed by `in:name`. */
function collectParameters(doc: Doc, item: Json, op: Json): Map<string, Json> {
  const out = new Map<string, Json>();
  for (const list of [item.parameters, op.parameters]) {
    if (!Array.isArray(list)) continue;
    for (const raw of list) {
      const p = asObject(doc.resolve(raw));
      if (typeof p.name === 'string') out.set(`${String(p.in)}:${p.name}`, p);
    }
  }
  return out;
}

function paramLabel(label: string, p: Json): string {
  const name = String(p.name);
  if (p.in === 'query') return `${label} ?${name}`;
  if (p.in === 'path') return `${label} {${name}}`;
  return `${label} ${String(p.in)}:${name}`;
}

function compareParameters(ctx: Context, label: string, up: Map<string, Json>, ours: Map<string, Json>): void {
  for (const [key, p] of up) {
    const where = paramLabel(label, p);
    const mine = ours.get(key);
    if (!mine) {
      const elsewhere = [...ours.values()].find((o) => o.name === p.name);
      const hint = elsewhere ? ` (ours has it in ${String(elsewhere.in)})` : '';
      ctx.add('missing-parameter', where, `parameter ${String(p.name)} in ${String(p.in)} is missing${hint}`);
      continue;
    }
    if (p.required === true && mine.required !== true) {
      ctx.add('parameter-type', where, 'upstream marks the parameter required, ours does not');
    }
    compareSchema(ctx, p.schema, mine.schema, where, 'parameter-type');
  }
}

function compareRequestBody(ctx: Context, label: string, upRaw: unknown, ourRaw: unknown): void {
  if (upRaw === undefined) return;
  const up = asObject(ctx.up.resolve(upRaw));
  const ours = asObject(ctx.ours.resolve(ourRaw));
  compareContent(ctx, `${label} requestBody`, asObject(up.content), asObject(ours.content), 'missing-field');
}

function compareResponses(ctx: Context, label: string, up: Json, ours: Json): void {
  for (const [code, upRaw] of Object.entries(up)) {
    const where = `${label} ${code}`;
    if (!(code in ours)) {
      ctx.add('missing-response', where, `response ${code} is missing`);
      continue;
    }
    const upResp = asObject(ctx.up.resolve(upRaw));
    const ourResp = asObject(ctx.ours.resolve(ours[code]));
    compareContent(ctx, where, asObject(upResp.content), asObject(ourResp.content), 'missing-response', /^[45]/.test(code));
  }
}

function compareContent(ctx: Context, where: string, up: Json, ours: Json, missingKind: SpecDifferenceKind, isError = false): void {
  for (const [mediaType, upMedia] of Object.entries(up)) {
    // A Problem is a Problem: our error responses are documented as application/json.
    const ourMedia = ours[mediaType] ?? (isError && mediaType === 'application/problem+json' ? ours['application/json'] : undefined);
    if (!isObject(ourMedia)) {
      ctx.add(missingKind, `${where} ${mediaType}`, `content type ${mediaType} is missing`);
      continue;
    }
    const upSchema = asObject(upMedia).schema;
    if (upSchema === undefined) continue;
    if (ourMedia.schema === undefined) {
      ctx.add('missing-field', `${where} ${mediaType}`, 'schema is missing');
      continue;
    }
    compareSchema(ctx, upSchema, ourMedia.schema, `${where} ${mediaType}`, 'field-type');
  }
}

/**
 * Recursive schema comparison. When both sides are `$ref`s the location switches to the
 * upstream target (so a difference in a shared schema is reported once, at its definition).
 */
function compareSchema(
  ctx: Context,
  upRaw: unknown,
  ourRaw: unknown,
  where: string,
  typeKind: 'field-type' | 'parameter-type',
): void {
  const upRef = refOf(upRaw);
  const ourRef = refOf(ourRaw);
  if (upRef !== undefined && upRef.startsWith('#/components/') && !upRef.startsWith('#/components/schemas/')) return;
  if (upRef !== undefined) {
    const pair = `${upRef}|${ourRef ?? where}`;
    if (ctx.visited.has(pair)) return;
    ctx.visited.add(pair);
    if (ourRef !== undefined) where = upRef;
  }
  const up = ctx.up.resolve(upRaw);
  const ours = ctx.ours.resolve(ourRaw);
  if (!isObject(up)) return;
  if (!isObject(ours)) {
    ctx.add('missing-schema', where, `schema ${ourRef ?? '(inline)'} cannot be resolved in ours`);
    return;
  }
  const upS = flattenAllOf(ctx.up, up);
  const ourS = flattenAllOf(ctx.ours, ours);

  for (const key of ['type', 'format'] as const) {
    if (upS[key] !== ourS[key]) {
      ctx.add(typeKind, where, `${key} is ${fmt(ourS[key])}, upstream has ${fmt(upS[key])}`);
    }
  }
  for (const key of ['pattern', 'maxLength'] as const) {
    if (upS[key] !== undefined && upS[key] !== ourS[key]) {
      ctx.add(typeKind, where, `${key} is ${fmt(ourS[key])}, upstream has ${fmt(upS[key])}`);
    }
  }
  if (Array.isArray(upS.enum) && Array.isArray(ourS.enum)) {
    const have = new Set(ourS.enum.map((v) => JSON.stringify(v)));
    for (const v of upS.enum) {
      if (!have.has(JSON.stringify(v))) ctx.add('missing-enum-value', where, `enum value ${fmt(v)} is missing`);
    }
  }
  if (upS.items !== undefined) {
    if (ourS.items === undefined) ctx.add(typeKind, `${where}/items`, 'array item schema is missing');
    else compareSchema(ctx, upS.items, ourS.items, `${where}/items`, typeKind);
  }
  const upProps = asObject(upS.properties);
  const ourProps = asObject(ourS.properties);
  for (const [name, upProp] of Object.entries(upProps)) {
    const propWhere = `${where}/properties/${name}`;
    if (!(name in ourProps)) {
      ctx.add('missing-field', propWhere, `property ${name} is missing`);
      continue;
    }
    compareSchema(ctx, upProp, ourProps[name], propWhere, 'field-type');
  }
  if (isObject(upS.additionalProperties)) {
    const apWhere = `${where}/additionalProperties`;
    if (!isObject(ourS.additionalProperties)) {
      ctx.add('field-type', apWhere, 'additionalProperties schema is missing');
    } else compareSchema(ctx, upS.additionalProperties, ourS.additionalProperties, apWhere, 'field-type');
  }
  for (const key of ['oneOf', 'anyOf'] as const) {
    const upList = upS[key];
    if (!Array.isArray(upList)) continue;
    const ourList = Array.isArray(ourS[key]) ? (ourS[key] as unknown[]) : [];
    upList.forEach((variant, i) => {
      if (i >= ourList.length) ctx.add('field-type', `${where}/${key}/${i}`, `${key} variant ${i} is missing`);
      else compareSchema(ctx, variant, ourList[i], `${where}/${key}/${i}`, typeKind);
    });
  }
}

/** Merge `allOf` members (resolved) into one schema so properties can be compared flatly. */
function flattenAllOf(doc: Doc, schema: Json, depth = 0): Json {
  if (!Array.isArray(schema.allOf) || depth > 16) return schema;
  const merged: Json = { ...schema, properties: { ...asObject(schema.properties) } };
  delete merged.allOf;
  for (const part of schema.allOf) {
    const resolved = doc.resolve(part);
    if (!isObject(resolved)) continue;
    const flat = flattenAllOf(doc, resolved, depth + 1);
    for (const [k, v] of Object.entries(flat)) {
      if (k === 'properties') Object.assign(merged.properties as Json, asObject(v));
      else if (merged[k] === undefined) merged[k] = v;
    }
  }
  return merged;
}

function refOf(node: unknown): string | undefined {
  return isObject(node) && typeof node.$ref === 'string' ? node.$ref : undefined;
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function asObject(v: unknown): Json {
  return isObject(v) ? v : {};
}

function fmt(v: unknown): string {
  return v === undefined ? '(none)' : JSON.stringify(v);
}
