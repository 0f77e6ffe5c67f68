/**
 * @module contracts/consumer/bodies
 * The Create Identity body of the contract: a PASSTHROUGH person as the
 * onboarding guide describes it (REFERENCE.md §2.4, §2.9): `verifier_type`
 * PASSTHROUGH with the five `passthrough_*` fields, the required details and
 * CDD answers, and a `ref_id`. Built with the fixture builder from a fixed
 * seed, so the pact's example values never change. Provider states create
 * their identities from the same body with ids unique to the run.
 */
import { Faker, en, en_US } from '@faker-js/faker';
import { MatchersV3 } from '@pact-foundation/pact';
import { buildPassthroughPerson } from '../../fixtures/factories/index.js';
import type { CreateIdentityRequest } from '../../src/types.js';

const { fromProviderState } = MatchersV3;

/** Example ids of the pact; the provider state supplies the real ones. */
export const EXAMPLE_IDS = {
  ref_id: 'contract-person-1',
  cip_id: '123-45-6789',
  identity: 'a3f1c2d4-5b6e-4f70-8a9b-0c1d2e3f4a5b',
  event: 'd99a03ee-1b2c-4d3e-8f40-5a6b7c8d9e0f',
  file: '6c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
} as const;

/**
 * A complete PASSTHROUGH person with the given ids.
 * @example passthroughPersonBody({ ref_id: 'crm-42', cip_id: '212-55-0142' })
 */
export function passthroughPersonBody(ids: { ref_id: string; cip_id: string }): CreateIdentityRequest & { ref_id: string } {
  const faker = new Faker({ locale: [en_US, en], seed: 20250101 });
  const body = buildPassthroughPerson(faker, 'PERSONA', {
    ref_id: ids.ref_id,
    person_details: {
      first_name: 'Ada',
      middle_name: 'Augusta',
      last_name: 'Lovelace',
      nationality: 'USA',
      cip_id: ids.cip_id,
      cip_id_type: 'SSN',
      cip_id_country: 'USA',
    },
  });
  // Paxos fills tax_details from an SSN itself (REFERENCE.md §2.7); the guide's body does not send them.
  delete body.tax_details;
  return { ...body, ref_id: ids.ref_id };
}

/**
 * The same body for a pact: `ref_id` and `cip_id` come from the provider state,
 * which makes them unique per verification run (Paxos's sandbox keeps data).
 */
export function passthroughPersonTemplate(): Record<string, unknown> {
  const body = passthroughPersonBody(EXAMPLE_IDS);
  return {
    ...body,
    ref_id: fromProviderState('${ref_id}', EXAMPLE_IDS.ref_id),
    person_details: { ...body.person_details, cip_id: fromProviderState('${cip_id}', EXAMPLE_IDS.cip_id) },
  };
}
