/**
 * @module services/spec-enums
 * Enum values read from our OpenAPI document at run time, so that no list is
 * restated by hand (numeric bounds: spec/generated/spec-bounds.ts).
 */
import type { IdentityStatus, IdentityType } from '../../src/types.js';
import { loadSpec } from '../spec/spec.js';

export function specEnum(schema: string): string[] {
  const schemas = (loadSpec().doc.components as { schemas: Record<string, { enum?: string[] }> }).schemas;
  const values = schemas[schema]?.enum;
  if (!values) throw new Error(`schema ${schema} has no enum`);
  return [...values];
}

export const documentTypes = () => specEnum('DocumentType');
export const identityStatuses = () => specEnum('IdentityStatus') as IdentityStatus[];
export const identityTypes = () => specEnum('IdentityType') as IdentityType[];
