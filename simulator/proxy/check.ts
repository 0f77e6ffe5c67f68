/**
 * @module proxy/check
 * One exchange (request and response seen by the proxy) checked against our
 * OpenAPI document. Pure: no HTTP, no files. The mismatches are sentences
 * such as `response: unknown field person_details.nickname`.
 *
 * What counts as a mismatch:
 * - the request names no operation of our document;
 * - the request breaks our document (body or query) and the target accepted it (2xx);
 * - the request keeps to our document and the target rejected it with 400
 *   (a stricter target, e.g. Paxos refusing what we let through);
 * - the response status is not documented for the operation;
 * - the response body is not JSON, or breaks the documented schema, or has
 *   fields our document does not list (objects are closed for this check).
 */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { createOperationLookup, type OperationLookup } from '../faults/operations.js';
import { ProblemError } from '../http/problem.js';
import { loadSpec, resolveRef, type OpenApiOperation, type SpecDocument } from '../spec/spec.js';
import { closeObjects, createRequestValidator, describe, refInto, type JsonBodyOperationId, type OperationId, type RequestValidator } from '../http/validate.js';

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

export interface Exchange {
  method: string;
  /** path on the proxy, e.g. /v2/identity/identities */
  path: string;
  query: Record<string, string>;
  requestContentType?: string;
  requestBody?: string;
  status: number;
  responseContentType?: string;
  responseBody?: string;
}

export interface CheckResult {
  operation?: string;
  /** `paxos-oauth` for the token endpoint, `paxos-identity-api` for the rest (as in our pacts) */
  provider: string;
  mismatches: string[];
}

export interface ExchangeChecker {
  check(exchange: Exchange): CheckResult;
}

function parseJson(text: string | undefined): { ok: true; value: unknown } | { ok: false } {
  if (text === undefined || text === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** @example const result = createExchangeChecker().check(exchange); result.mismatches; // [] when it conforms */
export function createExchangeChecker(spec: SpecDocument = loadSpec(), lookup: OperationLookup = createOperationLookup(spec)): ExchangeChecker {
  const requests: RequestValidator = createRequestValidator(spec);
  const strict = new Ajv({ strict: false, allErrors: false });
  addFormats(strict);
  strict.addSchema(closeObjects(structuredClone(spec.doc)) as Record<string, unknown>, 'spec');
  const strictCache = new Map<string, ValidateFunction>();

  const requestError = (op: OpenApiOperation, ex: Exchange): string | undefined => {
    try {
      const queryParams = op.parameters.filter((p) => p.in === 'query');
      if (queryParams.length || Object.keys(ex.query).length) requests.query(op.operationId as OperationId, ex.query);
      const jsonSchema = op.requestBody?.content?.['application/json'];
      if (jsonSchema && /json/i.test(ex.requestContentType ?? '')) {
        const body = parseJson(ex.requestBody);
        if (!body.ok) return 'the request body is not valid JSON';
        // op comes from the document at run time; the validator throws on an id it does not know
        requests.body(op.operationId as JsonBodyOperationId, body.value, { partial: op.operationId === 'UpdateIdentity' });
      }
      return undefined;
    } catch (err) {
      if (err instanceof ProblemError) return err.problem.detail ?? err.message;
      throw err;
    }
  };

  const unknownFields = (op: OpenApiOperation, status: number, body: unknown): string | undefined => {
    const entry = resolveRef(spec.doc, op.responses[String(status)] ?? op.responses.default);
    const schema = entry?.content?.['application/json']?.schema;
    if (!schema) return undefined;
    const key = `${op.operationId} ${status}`;
    let validate = strictCache.get(key);
    if (!validate) strictCache.set(key, (validate = strict.compile(refInto(schema))));
    if (validate(body)) return undefined;
    const first = validate.errors?.find((e) => e.keyword === 'additionalProperties');
    return first ? describe([first], 'response') : undefined;
  };

  return {
    check(ex) {
      const op = lookup.find(ex.method, ex.path);
      const provider = ex.path === '/oauth2/token' ? 'paxos-oauth' : 'paxos-identity-api';
      if (!op) return { provider, mismatches: [`request: our contract has no operation for ${ex.method} ${ex.path}`] };
      const mismatches: string[] = [];
      const reqError = op.operationId === 'getAccessToken' ? undefined : requestError(op, ex);
      if (reqError !== undefined && ex.status >= 200 && ex.status < 300) {
        mismatches.push(`request: our contract rejects it (${reqError}) but the target answered ${ex.status}`);
      }
      const response = parseJson(ex.responseBody);
      if (reqError === undefined && ex.status === 400) {
        const detail = response.ok ? ((response.value as { detail?: string; error_description?: string } | undefined)?.detail ?? (response.value as { error_description?: string } | undefined)?.error_description) : undefined;
        if (op.operationId !== 'getAccessToken') mismatches.push(`request: our contract accepts it but the target answered 400${detail ? `: ${detail}` : ''}`);
      }
      const documented = op.responses[String(ex.status)] ?? op.responses.default;
      if (!documented) {
        mismatches.push(`response: status ${ex.status} is not documented for ${op.operationId}`);
        return { operation: op.operationId, provider, mismatches };
      }
      if (!response.ok) {
        mismatches.push(`response: the body is not valid JSON (content-type ${ex.responseContentType ?? 'none'})`);
        return { operation: op.operationId, provider, mismatches };
      }
      const schemaError = requests.response(op.operationId, ex.status, response.value);
      if (schemaError) mismatches.push(`response ${ex.status}: ${schemaError}`);
      else {
        const extra = unknownFields(op, ex.status, response.value);
        if (extra) mismatches.push(`response ${ex.status}: ${extra} (not in our contract)`);
      }
      return { operation: op.operationId, provider, mismatches };
    },
  };
}
