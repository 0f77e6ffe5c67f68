/**
 * @module contracts/tools/gen-types
 * The one way `src/generated/paxos-identity.d.ts` is produced from our spec. Used by
 * `scripts/gen-types.ts` (npm run gen:types) and by the contract test that fails on drift,
 * so both always run openapi-typescript with the same options and header.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

/** Repository root (two levels above this file). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Our spec, relative to the repository root. */
export const SPEC_PATH = 'contracts/openapi/paxos-identity.yaml';
/** Generated types, relative to the repository root. */
export const TYPES_PATH = 'src/generated/paxos-identity.d.ts';

export const GENERATED_HEADER = `/**
 * GENERATED FILE - DO NOT EDIT.
 * Generated from ${SPEC_PATH} by openapi-typescript via \`npm run gen:types\`
 * (scripts/gen-types.ts). Change the spec and regenerate instead of editing this file.
 */

`;

/**
 * Render the TypeScript declarations for a spec file.
 * @param specFile absolute path of the spec; defaults to our spec.
 * @returns the full file text, header included.
 */
export async function generateTypes(specFile: string = `${REPO_ROOT}${SPEC_PATH}`): Promise<string> {
  const ast = await openapiTS(pathToFileURL(specFile), { silent: true });
  return `${GENERATED_HEADER}${astToString(ast)}`;
}
