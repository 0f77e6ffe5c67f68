/**
 * What the benchmarks send: a complete PASSTHROUGH person per index (a unique
 * ref_id and SSN, so creates never clash) and the development client's token
 * request for the identity scopes.
 */
import { DEFAULT_CLIENT } from '../simulator/config.js';

export function personBody(n: number, refPrefix = 'bench') {
  const ssn = `${String(100 + (n % 800)).padStart(3, '0')}-${String(10 + (Math.floor(n / 800) % 89)).padStart(2, '0')}-${String(n % 10_000).padStart(4, '0')}`;
  return {
    ref_id: `${refPrefix}-${n}`,
    person_details: {
      verifier_type: 'PASSTHROUGH', passthrough_verifier_type: 'PERSONA', passthrough_verified_at: '2025-01-01T12:00:00Z',
      passthrough_verification_id: `inq_${n}`, passthrough_verification_status: 'APPROVED', passthrough_verification_fields: ['FULL_LEGAL_NAME', 'DATE_OF_BIRTH'],
      first_name: 'Bench', last_name: `Person ${n}`, date_of_birth: '1990-01-01', nationality: 'USA',
      cip_id: ssn, cip_id_type: 'SSN', cip_id_country: 'USA',
      address: { address1: '1 Main St', city: 'New York', province: 'NY', country: 'USA', zip_code: '10001' },
    },
    customer_due_diligence: { estimated_yearly_income: 'INCOME_50K_TO_100K', expected_transfer_value: 'TRANSFER_VALUE_0_TO_25K', source_of_wealth: 'EMPLOYMENT_INCOME', employment_status: 'FULL_TIME', employment_industry_sector: 'INFORMATION' },
  };
}

/** The token request form of the development client, for the identity scopes. */
export const tokenForm = () =>
  new URLSearchParams({ grant_type: 'client_credentials', client_id: DEFAULT_CLIENT.client_id, client_secret: DEFAULT_CLIENT.client_secret, scope: 'identity:read_identity identity:write_identity' });
