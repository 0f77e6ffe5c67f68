/**
 * @module test/guides/guide-requests
 * The requests of Paxos's guides (identity_person-crypto-brokerage.mdx,
 * identity_institution-crypto-brokerage.mdx, identity_dormancy.mdx), as data:
 * method, URL path, how the body is sent (`--data` JSON without a Content-Type,
 * as most guide commands do; `--form` for the token), and what the guide shows
 * coming back. guide-curl.test.ts builds each curl invocation the way the
 * guide writes it and runs it with the real curl binary; with PAXOS_SHARED_DIR
 * set it also checks that the guides still send these requests (drift).
 *
 * `{name}` placeholders are the guide's; the test fills them in.
 * `pending` entries are guide requests the simulator cannot answer as the guide
 * shows: listed, skipped with a loud note naming why.
 * `notSimulated` entries target Paxos paths outside this simulator (orders):
 * they must answer 404 "not simulated".
 * This is the one runner of the guides' curl commands: identities, accounts,
 * profiles and identity controls alike.
 */

export interface GuideRequest {
  guide: 'identity_person-crypto-brokerage.mdx' | 'identity_institution-crypto-brokerage.mdx' | 'identity_dormancy.mdx';
  step: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** path and query as in the guide's URL (host left out) */
  path: string;
  /**
   * where the request is sent instead, when the guide's path is one the simulator does not serve
   * (the dormancy guide's list URL lacks /v2); the test also checks that `path` as written answers 404
   */
  servedPath?: string;
  /** `--form` fields (token request) */
  form?: Record<string, string>;
  /** the JSON sent with `--data` / `-d` */
  data?: unknown;
  /** extra headers the guide sends besides Authorization */
  headers?: Record<string, string>;
  /** the guide's answer: status, and fields it shows */
  expect?: { status: number; body?: Record<string, unknown> };
  /** the answer must equal `expect.body` exactly (not just contain it) */
  exact?: boolean;
  /** fields the answer must carry (any value) */
  has?: string[];
  /** save a field of the answer under a placeholder name */
  save?: Record<string, string>;
  /** literal values of the guide's `--data` replaced by a placeholder before sending (the guide's example ids) */
  substitute?: Record<string, string>;
  /** before the request: move the simulator clock (the guide shows a decision as made; here it follows a delay) */
  advance?: string;
  /** before the request: approve this identity (placeholder) through Set Identity Sandbox Status, as the guide assumes it was */
  approve?: string;
  /** before the request: send this (our fetch with the guide's token, not a guide command), which must answer 200 */
  before?: { method: 'POST' | 'PUT'; path: string; body: unknown };
  /** after the request: GET this path (our fetch, not a guide command) and match the answer */
  then?: { path: string; body: Record<string, unknown> };
  pending?: string;
  notSimulated?: boolean;
}

const GUIDE_SCOPE = 'identity:read_identity identity:read_account identity:write_identity identity:write_account funding:read_profile funding:write_profile exchange:read_order exchange:write_order';

const tokenRequest = (guide: GuideRequest['guide']): GuideRequest => ({
  guide,
  step: 'token',
  method: 'POST',
  path: '/oauth2/token',
  form: { grant_type: 'client_credentials', client_id: '{paxos_client_id}', client_secret: '{paxos_secret}', scope: GUIDE_SCOPE },
  expect: { status: 200, body: { expires_in: 3599, scope: GUIDE_SCOPE, token_type: 'bearer' } },
  save: { access_token: 'access_token' },
});

const passthroughPerson = (dob: string, cipId: string) => ({
  verifier_type: 'PASSTHROUGH',
  passthrough_verifier_type: 'JUMIO',
  passthrough_verified_at: '2021-06-16T09:28:14Z',
  passthrough_verification_id: '775300ef-4edb-47b9-8ec4-f45fe3cbf41f',
  passthrough_verification_status: 'APPROVED',
  passthrough_verification_fields: ['FULL_LEGAL_NAME', 'DATE_OF_BIRTH'],
  first_name: 'Billy',
  last_name: 'Duncan',
  date_of_birth: dob,
  address: { address1: '123 Main St', city: 'New York', province: 'NY', country: 'USA', zip_code: '10001' },
  nationality: 'USA',
  cip_id: cipId,
  cip_id_type: 'SSN',
  cip_id_country: 'USA',
  phone_number: '+1 555 678 1234',
  email: 'example@somemail.org',
});

const CDD = {
  estimated_yearly_income: 'INCOME_50K_TO_100K',
  expected_transfer_value: 'TRANSFER_VALUE_25K_TO_50K',
  source_of_wealth: 'EMPLOYMENT_INCOME',
  employment_status: 'FULL_TIME',
  employment_industry_sector: 'ARTS_ENTERTAINMENT_RECREATION',
};

const institutionAddress = { country: 'United States', address1: '1 Example St', city: 'New York', province: 'NY', zip_code: '10001' };

export const GUIDE_REQUESTS: GuideRequest[] = [
  // ---------------------------------------------------------------- person guide
  tokenRequest('identity_person-crypto-brokerage.mdx'),
  {
    guide: 'identity_person-crypto-brokerage.mdx',
    step: '➊ create identity',
    method: 'POST',
    path: '/v2/identity/identities',
    data: { ref_id: '{your_end_user_ref_id}', person_details: passthroughPerson('1960-01-01', '073-05-1120'), customer_due_diligence: CDD },
    expect: { status: 200, body: { status: 'PENDING', ref_id: '{your_end_user_ref_id}' } },
    save: { identity_id: 'id' },
  },
  {
    guide: 'identity_person-crypto-brokerage.mdx',
    step: '➋ get identity (approved)',
    advance: '1m',
    method: 'GET',
    path: '/v2/identity/identities/{identity_id}',
    expect: { status: 200, body: { id: '{identity_id}', summary_status: 'APPROVED' } },
  },
  {
    guide: 'identity_person-crypto-brokerage.mdx',
    step: '➌ create account with profile',
    method: 'POST',
    path: '/v2/identity/accounts',
    data: { create_profile: true, account: { identity_id: '{identity_id}', ref_id: '{your_account_ref}', type: 'BROKERAGE', description: 'Brokerage account for Billy Duncan' } },
    expect: { status: 200, body: { identity_id: '{identity_id}', type: 'BROKERAGE', summary_status: 'APPROVED', description: 'Brokerage account for Billy Duncan' } },
    has: ['id', 'profile_id'],
  },
  {
    guide: 'identity_person-crypto-brokerage.mdx',
    step: '➌ create joint account with profile',
    method: 'POST',
    path: '/v2/identity/accounts',
    data: {
      create_profile: true,
      account: {
        identity_id: '{billy_duncan_identity_id}',
        ref_id: '{your_account_ref_id}',
        type: 'BROKERAGE',
        description: 'Brokerage account for Billy and Sarah Duncan',
        members: [{ identity_id: '{sarah_duncan_identity_id}', roles: ['BENEFICIAL_OWNER'] }],
      },
    },
    expect: { status: 200, body: { identity_id: '{billy_duncan_identity_id}', type: 'BROKERAGE', summary_status: 'APPROVED', members: [{ identity_id: '{sarah_duncan_identity_id}', roles: ['BENEFICIAL_OWNER'] }] } },
    has: ['id', 'profile_id'],
  },
  { guide: 'identity_person-crypto-brokerage.mdx', step: 'order', method: 'POST', path: '/v2/profiles/{profile_id}/orders', notSimulated: true },
  { guide: 'identity_person-crypto-brokerage.mdx', step: 'order', method: 'POST', path: '/v2/profiles/{profile_id}/orders', notSimulated: true },
  { guide: 'identity_person-crypto-brokerage.mdx', step: 'order status', method: 'GET', path: '/v2/profiles/{profile_id}/orders/{order_id}', notSimulated: true },
  // ---------------------------------------------------------------- institution guide
  tokenRequest('identity_institution-crypto-brokerage.mdx'),
  {
    guide: 'identity_institution-crypto-brokerage.mdx',
    step: '➊ create person identity',
    method: 'POST',
    path: '/v2/identity/identities',
    headers: { 'Content-Type': 'application/json' },
    data: { ref_id: '{your_end_user_ref_id}', person_details: { ...passthroughPerson('1980-01-01', '073-05-1127') }, customer_due_diligence: CDD },
    expect: { status: 200, body: { status: 'PENDING', ref_id: '{your_end_user_ref_id}' } },
    save: { person_identity_id: 'id' },
  },
  {
    guide: 'identity_institution-crypto-brokerage.mdx',
    step: '➋ create institution identity',
    method: 'POST',
    path: '/v2/identity/identities',
    headers: { 'Content-Type': 'application/json' },
    data: {
      institution_members: [{ identity_id: '{person_identity_id}', roles: ['BENEFICIAL_OWNER', 'AUTHORIZED_USER', 'MANAGEMENT_CONTROL_PERSON'] }],
      institution_details: {
        name: 'Foogle',
        business_address: institutionAddress,
        email: 'johndoe@foogle.com',
        institution_type: 'CORPORATION',
        institution_sub_type: 'HEDGE_FUND',
        cip_id: '12-3456789',
        cip_id_type: 'EIN',
        cip_id_country: 'USA',
        govt_registration_date: '2021-04-14T00:00:00Z',
        incorporation_address: institutionAddress,
        regulation_status: 'US_REGULATED',
        trading_type: 'PUBLIC',
        listed_exchange: 'NASDAQ',
        ticker_symbol: 'FOOG',
        regulator_name: 'SEC',
        regulator_jurisdiction: 'USA',
        regulator_register_number: '12-3456789',
        business_description: 'Foo',
      },
      ref_id: '{your_inst_end_user_ref_id}',
    },
    expect: { status: 200, body: { status: 'PENDING', ref_id: '{your_inst_end_user_ref_id}' } },
    save: { institution_identity_id: 'id' },
  },
  {
    guide: 'identity_institution-crypto-brokerage.mdx',
    step: '➌ get institution identity',
    method: 'GET',
    path: '/v2/identity/identities/{institution_identity_id}',
    expect: { status: 200, body: { id: '{institution_identity_id}', status: 'PENDING' } },
  },
  {
    guide: 'identity_institution-crypto-brokerage.mdx',
    step: '➍ create account and profile (approved)',
    method: 'POST',
    path: '/v2/identity/accounts',
    headers: { 'Content-Type': 'application/json' },
    data: { create_profile: true, account: { identity_id: '{institution_identity_id}', name: 'Institution Brokerage Account', type: 'CRYPTO_BROKERAGE' } },
    approve: '{institution_identity_id}',
    advance: '1m',
    expect: { status: 200, body: { identity_id: '{institution_identity_id}', summary_status: 'APPROVED' } },
    has: ['id', 'profile_id'],
    save: { account_id: 'id', profile_id: 'profile_id' },
  },
  {
    guide: 'identity_institution-crypto-brokerage.mdx',
    step: '➍ list profiles of the account',
    method: 'GET',
    path: '/v2/profiles?account_id={account_id}',
    expect: { status: 200, body: { items: [{ id: '{profile_id}' }] } },
  },
  { guide: 'identity_institution-crypto-brokerage.mdx', step: 'order', method: 'POST', path: '/v2/profiles/{profile_id}/orders', notSimulated: true },
  { guide: 'identity_institution-crypto-brokerage.mdx', step: 'order', method: 'POST', path: '/v2/profiles/{profile_id}/orders', notSimulated: true },
  { guide: 'identity_institution-crypto-brokerage.mdx', step: 'order status', method: 'GET', path: '/v2/profiles/{profile_id}/orders/{order_id}', notSimulated: true },
  // ---------------------------------------------------------------- dormancy guide
  // (no token request of its own: the test gets one with the identity-control scopes the preview spec names;
  // no identity of its own: it goes on with the person guide's approved identity)
  {
    guide: 'identity_dormancy.mdx',
    step: '➊ mark dormant',
    method: 'POST',
    path: '/v2/identity/controls',
    headers: { 'Content-Type': 'application/json' },
    data: { identity_id: '{identity_id}', type: 'DORMANT', reason_code: 'INACTIVITY', reason: 'No activity for 180 days' },
    expect: { status: 200, body: { type: 'DORMANT', reason_code: 'INACTIVITY', reason: 'No activity for 180 days', is_overridable: true } },
    has: ['id', 'created_at'],
    save: { control_id: 'id' },
    then: { path: '/v2/identity/identities/{identity_id}', body: { id: '{identity_id}', status: 'DISABLED' } },
  },
  {
    guide: 'identity_dormancy.mdx',
    step: '➋ unmark dormant',
    method: 'DELETE',
    path: '/v2/identity/controls',
    headers: { 'Content-Type': 'application/json' },
    data: { id: 'ae54b3b4-cce6-4707-b34b-c9c4f0537798', reason: 'User returned and requested reactivation' },
    substitute: { 'ae54b3b4-cce6-4707-b34b-c9c4f0537798': '{control_id}' },
    expect: { status: 200, body: {} },
    exact: true,
    then: { path: '/v2/identity/identities/{identity_id}', body: { id: '{identity_id}', status: 'APPROVED' } },
  },
  {
    guide: 'identity_dormancy.mdx',
    step: '➌ list dormant identities',
    method: 'GET',
    // The guide's URL lacks /v2 (https://api.paxos.com/identity/identities); the simulator serves the Paxos
    // surface under /v2 only, so the guide's path as written answers 404 and the request runs on /v2.
    // control_type is the guide's spelling; the 2025-09-22 preview names it active_control_type.
    path: '/identity/identities?control_type=DORMANT',
    servedPath: '/v2/identity/identities?control_type=DORMANT',
    // The guide's own identity was reactivated in ➋; make another one dormant so the list has something to show.
    before: { method: 'POST', path: '/v2/identity/controls', body: { identity_id: '{sarah_duncan_identity_id}', type: 'DORMANT', reason_code: 'INACTIVITY' } },
    expect: {
      status: 200,
      body: { items: [{ id: '{sarah_duncan_identity_id}', status: 'DISABLED', status_details: { active_controls: [{ type: 'DORMANT', reason_code: 'INACTIVITY' }] } }] },
    },
  },
];
