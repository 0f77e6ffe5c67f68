/**
 * @module domain/addresses
 * Paxos's way to clear an optional address line: send `address2: ""`
 * (REFERENCE.md §2.3.1). The published pattern for address lines does not
 * admit an empty string, so the empty value is taken out before validation
 * and means "remove it" when the delta is applied.
 */

const ADDRESS_KEYS = ['address', 'business_address', 'incorporation_address'] as const;
const DETAIL_KEYS = ['person_details', 'institution_details'] as const;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A copy of a request body without `address2: ""` in any address (for schema validation). */
export function withoutClearedAddress2(body: unknown): unknown {
  if (!isObj(body)) return body;
  let copy: Obj | undefined;
  for (const dk of DETAIL_KEYS) {
    const details = body[dk];
    if (!isObj(details)) continue;
    for (const ak of ADDRESS_KEYS) {
      const address = details[ak];
      if (isObj(address) && address.address2 === '') {
        copy ??= structuredClone(body);
        delete ((copy[dk] as Obj)[ak] as Obj).address2;
      }
    }
  }
  return copy ?? body;
}

/** Remove `address2` where it is the empty string (after a delta was merged). */
export function dropClearedAddress2<T extends object>(details: T | undefined): T | undefined {
  if (!details) return details;
  const out = { ...details } as Obj;
  for (const ak of ADDRESS_KEYS) {
    const address = out[ak];
    if (isObj(address) && address.address2 === '') {
      const { address2, ...rest } = address;
      void address2;
      out[ak] = rest;
    }
  }
  return out as T;
}
