/**
 * @module services/spec-enums
 * Enum values and bounds read from our OpenAPI document at run time, so that
 * no list or limit is restated by hand.
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

/** A numeric bound (`maxLength`, `maximum`, ...) of one property of a component schema. */
export function specBound(schema: string, property: string, keyword: 'minLength' | 'maxLength' | 'minimum' | 'maximum'): number {
  const schemas = (loadSpec().doc.components as { schemas: Record<string, { properties?: Record<string, Record<string, unknown>> }> }).schemas;
  const value = schemas[schema]?.properties?.[property]?.[keyword];
  if (typeof value !== 'number') throw new Error(`schema ${schema}.${property} has no ${keyword}`);
  return value;
}
