/**
 * @module http/validate
 * Request (and, in tests, response) validation compiled from our OpenAPI
 * document with Ajv. Nothing here restates a schema: bodies are checked against
 * the spec's own components, query parameters against each parameter's schema.
 *
 * Unknown body fields: in `lenient` mode (the default, as Paxos's gateway
 * behaves) they are dropped before the body reaches a handler; in `strict`
 * mode each one is a 400 problem. Every problem of a body is reported at once
 * (meta.errors), not only the first.
 */
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import type { operations } from '../../src/types.js';
import { newAjv } from '../lazy-modules.js';
import { badRequest, invalidFields, type FieldProblem } from './problem.js';
import { loadSpec, resolveRef, type OpenApiOperation, type SpecDocument } from '../spec/spec.js';
import { CREATE_VALIDATOR_SPEC_SHA256, validate as validateCreateIdentity } from '../spec/generated/create-identity-validator.js';


export type ValidationMode = 'lenient' | 'strict';

/** The operation ids of our spec, from the generated types. */
export type OperationId = keyof operations;
/** The JSON request body an operation declares (never when it has none). */
export type RequestBody<Op extends OperationId> = JsonContent<NonNullable<operations[Op]['requestBody']>>;
type JsonContent<R> = [R] extends [never] ? never : R extends { content: { 'application/json': infer B } } ? B : never;
/** The operations that take a JSON request body. */
export type JsonBodyOperationId = { [Op in OperationId]: [RequestBody<Op>] extends [never] ? never : Op }[OperationId];
/** The query parameters an operation declares (an empty object when it has none). */
export type QueryParams<Op extends OperationId> =
  operations[Op]['parameters'] extends { query?: infer Q } ? ([Q] extends [undefined | never] ? Record<string, never> : NonNullable<Q>) : Record<string, never>;

export interface RequestValidator {
  readonly mode: ValidationMode;
  /**
   * Validate and return the JSON body of an operation; throws a 400 Problem.
   * `partial` checks a delta (UpdateIdentity): every field keeps its type,
   * format and enum, but nested `required` lists do not apply, because the
   * service validates the merged result.
   */
  body<Op extends JsonBodyOperationId>(operationId: Op, body: unknown, options?: { partial?: boolean }): RequestBody<Op>;
  /** Coerce and validate query parameters; throws a 400 Problem. */
  query<Op extends OperationId>(operationId: Op, query: Record<string, string | undefined>): QueryParams<Op>;
  /** Validate a response body against the spec (tests); returns error text or undefined. */
  response(operationId: string, status: number, body: unknown): string | undefined;
  /** The body checks compiled at run time so far ("CreateIdentity", "UpdateIdentity partial", …); one compiled at build time is not among them. */
  compiledBodies(): string[];
}

/**
 * The options of the Ajv that checks request bodies: every problem at once, and in lenient mode
 * unknown fields dropped (closeObjects makes them "additional"). Shared with the build-time
 * compilation of Create Identity's validator (spec/validator-module.ts), so both check alike.
 */
export const requestAjvOptions = (mode: ValidationMode) => ({ strict: false, allErrors: true, removeAdditional: mode === 'lenient', validateSchema: false }) as const;

export function createRequestValidator(spec: SpecDocument = loadSpec(), options: { mode?: ValidationMode } = {}): RequestValidator {
  const mode = options.mode ?? 'lenient';
  // Create Identity's body in lenient mode (the default and the most frequent) comes compiled at
  // build time (spec/validator-module.ts), when the spec is the one it was compiled from: no Ajv
  // instance and no compilation on the first create (about 150 ms of a process's first create)
  const prebuilt = mode === 'lenient' && spec.builtFrom === CREATE_VALIDATOR_SPEC_SHA256 ? (validateCreateIdentity as unknown as ValidateFunction) : undefined;
  // Built on first use, not at start-up: most runs never validate a response, and
  // the first request that needs a validator pays for it. Our own spec is trusted
  // (test/contract checks it), so Ajv does not validate it against the meta-schema.
  let requestAjvBuilt: Ajv | undefined;
  const request = (): Ajv => {
    if (!requestAjvBuilt) {
      requestAjvBuilt = newAjv(requestAjvOptions(mode));
      requestAjvBuilt.addSchema(closeObjects(structuredClone(spec.doc)) as Record<string, unknown>, 'spec');
    }
    return requestAjvBuilt;
  };
  let responseAjvBuilt: Ajv | undefined;
  const response = (): Ajv => {
    if (!responseAjvBuilt) {
      responseAjvBuilt = newAjv({ strict: false, allErrors: true, validateSchema: false });
      responseAjvBuilt.addSchema(spec.doc, 'spec');
    }
    return responseAjvBuilt;
  };

  let partialAjv: Ajv | undefined;
  const partial = (): Ajv => {
    if (!partialAjv) {
      partialAjv = newAjv(requestAjvOptions(mode));
      partialAjv.addSchema(closeObjects(stripRequired(structuredClone(spec.doc))) as Record<string, unknown>, 'spec');
    }
    return partialAjv;
  };

  const bodyCache = new Map<string, ValidateFunction>();
  const paramCache = new Map<string, ValidateFunction>();
  /** each operation's query parameters and their names, looked up once */
  const queryParams = new Map<string, { params: OpenApiOperation['parameters']; known: Set<string> }>();
  const responseCache = new Map<string, ValidateFunction>();
  const op = (id: string): OpenApiOperation => {
    const found = spec.operations.get(id);
    if (!found) throw new Error(`unknown operationId ${id}`);
    return found;
  };

  return {
    mode,
    body<Op extends JsonBodyOperationId>(operationId: Op, body: unknown, options: { partial?: boolean } = {}): RequestBody<Op> {
      const key = `${operationId}${options.partial ? ' partial' : ''}`;
      let validate = prebuilt && key === 'CreateIdentity' ? prebuilt : bodyCache.get(key);
      if (!validate) {
        const schema = op(operationId).requestBody?.content?.['application/json']?.schema;
        if (!schema) throw new Error(`${operationId} has no JSON body`);
        validate = (options.partial ? partial() : request()).compile(refInto(schema));
        bodyCache.set(key, validate);
      }
      if (!validate(body)) throw invalidFields(problemsOf(validate.errors ?? [], 'body'));
      return body as RequestBody<Op>;
    },
    query<Op extends OperationId>(operationId: Op, raw: Record<string, string | undefined>): QueryParams<Op> {
      let declared = queryParams.get(operationId);
      if (!declared) {
        const list = op(operationId).parameters.filter((p) => p.in === 'query');
        queryParams.set(operationId, (declared = { params: list, known: new Set(list.map((p) => p.name)) }));
      }
      const { params, known } = declared;
      const problems: FieldProblem[] = Object.keys(raw).filter((name) => !known.has(name)).map((name) => ({ field: name, message: `unknown query parameter ${name}` }));
      const out: Record<string, unknown> = {};
      for (const p of params) {
        const value = raw[p.name];
        if (value === undefined) continue;
        try {
          out[p.name] = coerce(value, p.schema ?? {}, p.name);
        } catch (err) {
          problems.push({ field: p.name, message: (err as Error).message });
        }
      }
      if (problems.length) throw invalidFields(problems);
      // No parameter given: nothing to check (the schema below only describes properties), and a
      // GET without a query string need not compile the request schemas (the first costs ~0.25 s).
      if (Object.keys(out).length === 0) return out as QueryParams<Op>;
      let validate = paramCache.get(operationId);
      if (!validate) {
        const properties = Object.fromEntries(params.map((p) => [p.name, refInto(p.schema ?? {})]));
        validate = request().compile({ type: 'object', properties });
        paramCache.set(operationId, validate);
      }
      if (!validate(out)) {
        // Each error knows its parameter's schema, so a range reads "limit must be between 1 and 100".
        const schemaOf = (e: ErrorObject) => params.find((p) => `/${p.name}` === e.instancePath)?.schema;
        throw invalidFields(problemsOf((validate.errors ?? []).map((e) => ({ ...e, parentSchema: e.parentSchema ?? schemaOf(e) })), 'query'));
      }
      return out as QueryParams<Op>;
    },
    compiledBodies: () => [...bodyCache.keys()],
    response(operationId, status, body) {
      const responses = op(operationId).responses;
      // Shared answers are `$ref`s into components/responses: follow them, or nothing gets checked.
      const entry = resolveRef(spec.doc, responses[String(status)] ?? responses.default);
      if (!entry) return `status ${status} is not documented for ${operationId}`;
      const schema = entry.content?.['application/json']?.schema;
      if (!schema) return undefined;
      const key = `${operationId} ${status}`;
      let validate = responseCache.get(key);
      if (!validate) {
        validate = response().compile(refInto(schema));
        responseCache.set(key, validate);
      }
      return validate(body) ? undefined : describe(validate.errors ?? [], 'response');
    },
  };
}

/** Point local "#/components/..." refs at the registered "spec" document. */
export function refInto(schema: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(schema).replaceAll('"$ref":"#/', '"$ref":"spec#/')) as Record<string, unknown>;
}

/** For delta validation: drop every `required` list (the merged result is checked later). */
function stripRequired(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripRequired);
  if (node === null || typeof node !== 'object') return node;
  const obj = node as Record<string, unknown>;
  for (const key of Object.keys(obj)) obj[key] = stripRequired(obj[key]);
  if (Array.isArray(obj.required) && obj.properties) delete obj.required;
  return obj;
}

/** For request validation only: objects with declared properties accept no others. */
export function closeObjects(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closeObjects);
  if (node === null || typeof node !== 'object') return node;
  const obj = node as Record<string, unknown>;
  for (const key of Object.keys(obj)) obj[key] = closeObjects(obj[key]);
  if (obj.properties && obj.additionalProperties === undefined && !obj.allOf && !obj.oneOf && !obj.anyOf) {
    obj.additionalProperties = false;
  }
  return obj;
}

function coerce(value: string, schema: Record<string, unknown>, name: string): unknown {
  switch (schema.type) {
    case 'integer': {
      if (!/^-?\d+$/.test(value)) throw badRequest(`${name} must be an integer`);
      return Number(value);
    }
    case 'number': {
      const n = Number(value);
      if (value.trim() === '' || !Number.isFinite(n)) throw badRequest(`${name} must be a number`);
      return n;
    }
    case 'boolean': {
      if (value !== 'true' && value !== 'false') throw badRequest(`${name} must be true or false`);
      return value === 'true';
    }
    default:
      return value;
  }
}

/** Turn Ajv's first error into a sentence that names the field path. */
export function describe(errors: ErrorObject[], root: 'body' | 'query' | 'response'): string {
  const e = errors[0];
  if (!e) return `invalid ${root}`;
  return describeOne(e, root).message;
}

/** Every Ajv error as {field, message}, one per distinct message, in the order Ajv found them. */
export function problemsOf(errors: ErrorObject[], root: 'body' | 'query'): FieldProblem[] {
  const seen = new Set<string>();
  const out: FieldProblem[] = [];
  for (const e of errors) {
    // if/then/oneOf wrappers repeat what their branches already said
    if (e.keyword === 'if' || e.keyword === 'oneOf' || e.keyword === 'anyOf') continue;
    const p = describeOne(e, root);
    if (seen.has(p.message)) continue;
    seen.add(p.message);
    out.push(p);
  }
  return out.length ? out : [{ field: root === 'body' ? 'request body' : root, message: `invalid ${root}` }];
}

function describeOne(e: ErrorObject, root: 'body' | 'query' | 'response'): FieldProblem {
  const path = e.instancePath.split('/').filter(Boolean).map(decodeURIComponent);
  const dotted = (parts: string[]) =>
    parts.reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '');
  const at = dotted(path);
  const field = at || (root === 'body' ? 'request body' : root);
  switch (e.keyword) {
    case 'required': {
      const missing = dotted([...path, String(e.params.missingProperty)]);
      return { field: missing, message: `${missing} is required` };
    }
    case 'additionalProperties': {
      const unknown = dotted([...path, String(e.params.additionalProperty)]);
      return { field: unknown, message: `unknown field ${unknown}` };
    }
    default:
      return { field, message: sentence(e, field) };
  }
}

function sentence(e: ErrorObject, field: string): string {
  switch (e.keyword) {
    case 'enum':
      return `${field} must be one of ${(e.params.allowedValues as unknown[]).join(', ')}`;
    case 'type':
      return `${field} must be ${e.params.type === 'object' ? 'an object' : e.params.type === 'array' ? 'an array' : `a ${e.params.type}`}`;
    case 'pattern':
      return `${field} has an invalid format (must match ${String(e.params.pattern)})`;
    case 'format':
      return `${field} must be a valid ${String(e.params.format)}`;
    case 'maxLength':
      return `${field} must be at most ${String(e.params.limit)} characters`;
    case 'minimum':
    case 'maximum': {
      // A range the schema bounds on both sides reads as one sentence: "limit must be between 1 and 100".
      const s = (e.parentSchema ?? {}) as { minimum?: unknown; maximum?: unknown };
      if (typeof s.minimum === 'number' && typeof s.maximum === 'number') return `${field} must be between ${s.minimum} and ${s.maximum}`;
      return `${field} must be ${e.keyword === 'minimum' ? 'at least' : 'at most'} ${String(e.params.limit)}`;
    }
    case 'minItems':
      return `${field} must have at least ${String(e.params.limit)} item(s)`;
    default:
      return `${field} ${e.message ?? 'is invalid'}`;
  }
}

const shared = new Map<ValidationMode, RequestValidator>();

/** One validator per process and mode for our own spec: compiling it takes a few hundred ms and it never changes. */
export function sharedRequestValidator(mode: ValidationMode = 'lenient'): RequestValidator {
  let v = shared.get(mode);
  if (!v) shared.set(mode, (v = createRequestValidator(loadSpec(), { mode })));
  return v;
}
