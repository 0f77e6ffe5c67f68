/**
 * @module result
 * The result type of every typed client method: openapi-fetch's
 * `{ data, error, response }` plus the `operationId` that produced it, with the
 * data type read from the generated `operations` (never restated by hand).
 */
import type { operations, Problem } from './types.js';

/** Operation ids of the spec (`GetIdentity`, `ListEvents`, …). */
export type OperationId = keyof operations;

type JsonContent<R> = R extends { content: { 'application/json': infer T } } ? T : never;

/** The 200 body of an operation. */
export type SuccessData<Op extends OperationId> = JsonContent<operations[Op]['responses'][200]>;

/**
 * `{ data, error, response }` as openapi-fetch returns it, tagged with the operation.
 * Exactly one of `data` and `error` is set; HTTP errors are values, see `unwrap()`.
 */
export type PaxosResult<Op extends OperationId> =
  | { data: SuccessData<Op>; error?: never; response: Response; operationId: Op }
  | { data?: never; error: Problem; response: Response; operationId: Op };

/** Per-call options accepted by every client method. */
export interface CallOptions {
  /** Abort the call (including any retry wait). */
  signal?: AbortSignal;
}

/** Attach the operation id to an openapi-fetch result. */
export function tagged<Op extends OperationId>(
  operationId: Op,
  result: { data?: SuccessData<Op>; error?: unknown; response: Response },
): PaxosResult<Op> {
  return { ...result, operationId } as PaxosResult<Op>;
}
